package io.cameliothub.examples.springboot;

import io.cameliothub.component.IotHubConstants;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Telemetry out (device-to-cloud) and commands in (cloud-to-device). The endpoint names only the device; host, port,
 * credentials and TLS come from the component's properties.
 */
@Component
public class DeviceRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:telemetry?period={{demo.telemetry-period}}&includeMetadata=true").routeId("telemetry")
                .setBody(simple("{\"temperature\": ${random(18,26)}.${random(0,9)}, \"reading\": ${exchangeProperty.CamelTimerCounter}}"))
                .setHeader(IotHubConstants.CONTENT_TYPE, constant("application/json"))
                .setHeader("sensor", constant("greenhouse-1"))
                .to("iothub:{{demo.device-id}}")
                .log("[device] sent telemetry ${body}; the hub acknowledged it");

        from("iothub:{{demo.device-id}}").routeId("commands")
                .log("[device] received command '${body}' (message id ${header.CamelIotHubMessageId}, mode=${header.mode})");
    }
}

package io.cameliothub.examples.quarkus;

import io.cameliothub.component.IotHubConstants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/**
 * Telemetry out (device-to-cloud) and commands in (cloud-to-device). The endpoints name only the device: the hub's
 * address, credentials and TLS trust come from configuration, or from the Dev Service in dev and test mode.
 */
@ApplicationScoped
public class DeviceRoutes extends RouteBuilder {

    @Inject
    Vents vents;

    @Override
    public void configure() {
        from("timer:telemetry?period={{demo.telemetry-period}}&includeMetadata=true").routeId("telemetry")
                .setBody(simple("{\"temperature\": ${random(18,26)}, \"reading\": ${exchangeProperty.CamelTimerCounter}}"))
                .setHeader(IotHubConstants.CONTENT_TYPE, constant("application/json"))
                .to("iothub:{{demo.device-id}}")
                .log("[device] sent telemetry ${body}; the hub acknowledged it");

        from("iothub:{{demo.device-id}}").routeId("commands")
                .log("[device] received command '${body}'")
                .process(exchange -> vents.command(exchange.getMessage().getBody(String.class)));
    }
}

package io.cameliothub.examples.demo;

import io.cameliothub.component.IotHubConstants;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * A device's two routes: telemetry out (device-to-cloud) and commands in (cloud-to-device), over MQTT.
 */
public class DemoRoutes extends RouteBuilder {

    static final String DEVICE = "iothub:demo-device?port={{hub.mqttPort}}&connectionString=RAW({{device.connectionString}})";

    @Override
    public void configure() {
        from("timer:telemetry?period=1000&repeatCount=5&includeMetadata=true")
                .setBody(simple("{\"temperature\": ${random(18,26)}.${random(0,9)}, \"reading\": ${exchangeProperty.CamelTimerCounter}}"))
                .setHeader(IotHubConstants.CONTENT_TYPE, constant("application/json"))
                .setHeader("sensor", constant("greenhouse-1"))
                .to(DEVICE)
                .log(LoggingLevel.INFO, "demo", "[device] sent telemetry ${body}; the hub acknowledged it");

        from(DEVICE)
                .log(LoggingLevel.INFO, "demo",
                        "[device] received command '${body}' (message id ${header.CamelIotHubMessageId}, mode=${header.mode})");
    }
}

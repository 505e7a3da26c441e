package io.cameliothub.examples.demo;

import io.cameliothub.component.IotHubConstants;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * A device's routes, over MQTT: telemetry out (device-to-cloud), commands in (cloud-to-device), its firmware version
 * reported in the twin, and a direct method answered.
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

        from("timer:report?repeatCount=1")
                .setBody(constant("{\"firmware\": \"1.4.2\"}"))
                .to(DEVICE + "&operation=updateReportedProperties")
                .log(LoggingLevel.INFO, "demo", "[device] reported ${body}; reported version now ${header.CamelIotHubReportedVersion}");

        from(DEVICE + "&receive=methods")
                .log(LoggingLevel.INFO, "demo", "[device] method ${header.CamelIotHubMethodName} called with ${body}")
                .setBody(simple("{\"rebooting\": true, \"asked\": ${body}}"))
                .setHeader(IotHubConstants.METHOD_STATUS, constant(200));
    }
}

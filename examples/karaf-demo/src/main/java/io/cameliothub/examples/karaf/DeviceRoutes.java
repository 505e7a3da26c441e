package io.cameliothub.examples.karaf;

import io.cameliothub.component.IotHubConstants;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The device's two routes: telemetry out (device-to-cloud), and commands in (cloud-to-device), each acknowledged with
 * a device-to-cloud message "ack:&lt;command&gt;".
 */
public class DeviceRoutes extends RouteBuilder {

    private final String device;
    private final long telemetryPeriod;

    public DeviceRoutes(String device, long telemetryPeriod) {
        this.device = device;
        this.telemetryPeriod = telemetryPeriod;
    }

    @Override
    public void configure() {
        from("timer:telemetry?includeMetadata=true&period=" + telemetryPeriod).routeId("telemetry")
                .setBody(simple("{\"temperature\": ${random(18,26)}.${random(0,9)}, \"reading\": ${header.CamelTimerCounter}}"))
                .setHeader(IotHubConstants.CONTENT_TYPE, constant("application/json"))
                .to(device)
                .log(LoggingLevel.INFO, "karaf-demo", "sent telemetry ${body}");

        from(device).routeId("commands")
                .log(LoggingLevel.INFO, "karaf-demo", "received command '${body}'")
                .setBody(simple("ack:${body}"))
                .removeHeaders("CamelIotHub*")
                .to(device);
    }
}

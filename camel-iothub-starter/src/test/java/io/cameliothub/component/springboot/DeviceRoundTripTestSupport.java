package io.cameliothub.component.springboot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A device application configured only through camel.component.iothub.* properties sends telemetry that the hub
 * logs, and receives a command the hub sends. Subclasses supply the properties.
 */
@DirtiesContext
abstract class DeviceRoundTripTestSupport {

    static final IotHubEmulator HUB = TestHub.get();

    @Autowired
    CamelContext camelContext;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    BlockingQueue<Exchange> received;

    abstract String deviceId();

    @Test
    void telemetryReachesTheHub() {
        producer.sendBodyAndHeaders("direct:telemetry", "{\"temperature\":21.5}",
                Map.of(IotHubConstants.CONTENT_TYPE, "application/json", "sensor", "greenhouse-1"));

        // the exchange completes only once the hub acknowledged the message, so it is in the log already
        assertThat(HUB.events().forDevice(deviceId())).hasSize(1);
        D2cEvent event = HUB.events().forDevice(deviceId()).get(0);
        assertThat(event.bodyAsString()).isEqualTo("{\"temperature\":21.5}");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.applicationProperties()).containsEntry("sensor", "greenhouse-1");
    }

    @Test
    void commandFromTheHubReachesTheRoute() throws Exception {
        HUB.sendC2d(deviceId(), C2dMessage.builder().body("open the vents").messageId("cmd-1").property("mode", "auto")
                .build());

        Exchange command = received.poll(10, TimeUnit.SECONDS);
        assertThat(command).as("command received by the route").isNotNull();
        assertThat(command.getMessage().getBody(String.class)).isEqualTo("open the vents");
        assertThat(command.getMessage().getHeader(IotHubConstants.MESSAGE_ID)).isEqualTo("cmd-1");
        assertThat(command.getMessage().getHeader("mode")).isEqualTo("auto");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> HUB.c2dQueue(deviceId()).entry("cmd-1").orElseThrow().state() == C2dState.COMPLETED);
    }

    IotHubComponent component() {
        return camelContext.getComponent("iothub", IotHubComponent.class);
    }
}

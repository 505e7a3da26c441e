package io.cameliothub.examples.springboot.embedded;

import java.time.Duration;

import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.examples.springboot.DeviceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as shipped (application.properties, embedded hub): its telemetry reaches the hub and the hub's command is
 * delivered and completed.
 */
@SpringBootTest(classes = DeviceApplication.class, properties = {
        "camel.main.duration-max-seconds=0",
        "demo.telemetry-period=200" })
class SpringBootDemoTest {

    @Autowired
    EmbeddedHub embeddedHub;

    @Test
    void telemetryArrivesAndTheCommandIsCompleted() {
        String device = embeddedHub.deviceId();
        assertThat(embeddedHub.hub().events().awaitCount(device, 3, Duration.ofSeconds(15))).hasSizeGreaterThanOrEqualTo(3);

        // CloudSide sends cmd-1 once the application is ready; the device's route completes it
        await().atMost(Duration.ofSeconds(15)).until(() -> completed(device));
    }

    private boolean completed(String device) {
        return embeddedHub.hub().c2dQueue(device).entry("cmd-1").map(e -> e.state() == C2dState.COMPLETED)
                .orElse(false);
    }
}

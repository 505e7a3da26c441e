package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hub's lock timer, not a poll, brings an unacknowledged C2D message back to a connected device. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockExpiryTest {

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .c2dLockTimeout(Duration.ofSeconds(2)).device("slow").build();

    @Test
    void unacknowledgedMessageIsRedeliveredOnTheSameConnectionWhenTheLockExpires() throws Exception {
        DeviceInfo d = HUB.registry().device("slow").orElseThrow();
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
            r.client.setManualAcks(true);
            r.client.connect(PahoClients.options(HUB, d.identity(), d.primaryKey()));
            r.client.subscribe("devices/slow/messages/devicebound/#", 1);
            String id = HUB.sendC2d("slow", C2dMessage.of("ack me"));

            PahoClients.Received first = r.messages.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            PahoClients.Received second = r.messages.poll(10, TimeUnit.SECONDS);
            assertThat(second).as("redelivered after the lock expired").isNotNull();
            assertThat(second.body()).isEqualTo("ack me");
            assertThat(second.message().getId()).isNotEqualTo(first.message().getId());

            // the late PUBACK of the first delivery no longer holds the lock; a later one completes the message
            r.client.messageArrivedComplete(first.message().getId(), 1);
            r.client.messageArrivedComplete(second.message().getId(), 1);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                PahoClients.Received more = r.messages.poll();
                if (more != null) {
                    r.client.messageArrivedComplete(more.message().getId(), 1);
                }
                assertThat(HUB.c2dQueue("slow").entry(id)).get().satisfies(e -> {
                    assertThat(e.state()).isEqualTo(C2dState.COMPLETED);
                    assertThat(e.deliveryCount()).isGreaterThanOrEqualTo(2);
                });
            });
        }
    }
}

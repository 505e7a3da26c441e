package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FaultSchedule;
import io.cameliothub.emulator.core.Faults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost and delayed PUBACKs and scheduled drops, as a plain Paho device sees them over TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttFaultsTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    @AfterEach
    void endFaults() {
        HUB.faults().reset();
    }

    private static PahoClients.Recorder connect(DeviceInfo d) throws MqttException {
        PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId());
        r.client.connect(PahoClients.options(HUB, d.identity(), d.primaryKey()));
        return r;
    }

    private static String events(DeviceInfo d) {
        return "devices/" + d.deviceId() + "/messages/events/";
    }

    private static MqttMessage qos1(String body) {
        MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    @Test
    void aLostPubackStoresTheMessageAndDropsTheConnection() throws Exception {
        DeviceInfo d = HUB.addDevice("mqtt-fault-" + IDS.incrementAndGet());
        int before = HUB.faults().lostAcknowledgements();
        HUB.faults().loseAcknowledgements(1);
        try (PahoClients.Recorder r = connect(d)) {
            r.client.setTimeToWait(WAIT.toMillis());

            assertThatThrownBy(() -> r.client.publish(events(d) + "%24.mid=m-1", qos1("once")))
                    .isInstanceOf(MqttException.class);

            assertThat(r.lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("connection dropped").isTrue();
        }
        assertThat(HUB.events().forDevice(d.deviceId())).singleElement()
                .satisfies(e -> assertThat(e.messageId()).isEqualTo("m-1"));
        assertThat(HUB.faults().lostAcknowledgements()).isEqualTo(before + 1);

        try (PahoClients.Recorder again = connect(d)) {
            again.client.publish(events(d) + "%24.mid=m-1", qos1("once"));
        }
        assertThat(HUB.events().forDevice(d.deviceId())).as("the resend is a duplicate with the same message id")
                .extracting(e -> e.messageId()).containsExactly("m-1", "m-1");
    }

    @Test
    void delayedPubacksArriveLateAndAllOfThemArrive() throws Exception {
        DeviceInfo d = HUB.addDevice("mqtt-fault-" + IDS.incrementAndGet());
        try (PahoClients.Recorder r = connect(d)) {
            HUB.faults().delayAcknowledgements(Duration.ofMillis(500), Duration.ofMillis(300));
            List<IMqttDeliveryToken> tokens = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                tokens.add(r.client.getTopic(events(d) + "n=" + i).publish(qos1("m" + i)));
            }
            List<Long> completedAt = new ArrayList<>();
            for (IMqttDeliveryToken t : tokens) {
                t.waitForCompletion(WAIT.toMillis());
                completedAt.add(System.nanoTime() - start);
            }

            assertThat(Duration.ofNanos(completedAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(r.client.isConnected()).isTrue();
            assertThat(HUB.events().forDevice(d.deviceId())).hasSize(5);
        }
    }

    @Test
    void scheduledDropsHitEveryPeriodForTheDuration() throws Exception {
        DeviceInfo d = HUB.addDevice("mqtt-fault-" + IDS.incrementAndGet());
        try (PahoClients.Recorder r = connect(d)) {
            FaultSchedule s = HUB.faults().every(Duration.ofMillis(300), Duration.ofMillis(1000), "drop all",
                    Faults::dropAllConnections);

            assertThat(r.lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            await().atMost(WAIT).until(s::done);
            assertThat(s.firings()).isEqualTo(3);
            assertThat(HUB.faults().schedules()).doesNotContain(s);
        }
    }

    @Test
    void aCancelledScheduleStopsFiring() throws Exception {
        FaultSchedule s = HUB.faults().every(Duration.ofMillis(100), Duration.ofMinutes(1), "throttle",
                f -> f.throttle(Duration.ofMillis(10)));
        await().atMost(WAIT).until(() -> s.firings() >= 2);

        HUB.faults().reset();
        int fired = s.firings();
        Thread.sleep(400);

        assertThat(s.done()).isTrue();
        assertThat(s.firings()).isEqualTo(fired);
    }
}

package io.cameliothub.component.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FaultSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device-to-cloud streams while the connection is killed every 2 s, and while acknowledgements get lost, per transport.
 */
class D2cUnderFaultsTest extends ReliabilityTestSupport {

    private static final int COUNT = 1500;

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void killedEveryTwoSecondsWithCamelsDefaultErrorHandler(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = newDevice("kill-default", protocol);
        String from = d2cRoute(device, protocol, null, false);
        KilledStream run = streamWithKills(device, protocol, from, "d2c-kill-default");
        Sent sent = run.sent();

        assertThat(sent.completed().size() + sent.failed().size()).isEqualTo(COUNT);
        // failed exchanges are those on the wire or waiting when a kill landed; some of those reached the hub anyway
        assertThat(sent.failed()).as("not every message failed").hasSizeLessThan(COUNT / 2);
        assertConnectedAgain(device, protocol, from);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void killedEveryTwoSecondsWithTheRecommendedRedelivery(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = newDevice("kill-redeliver", protocol);
        String from = d2cRoute(device, protocol, null, true);
        KilledStream run = streamWithKills(device, protocol, from, "d2c-kill-recommended");
        Sent sent = run.sent();
        AtHub atHub = run.atHub();

        assertThat(sent.failed()).as("with the recommended redelivery no exchange fails").isEmpty();
        assertThat(atHub.perId().keySet()).as("every message is in the hub").containsAll(sent.ids());
        assertConnectedAgain(device, protocol, from);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void lostAcknowledgementsMakeDuplicatesWithTheSameMessageIdOnly(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = newDevice("lost-ack", protocol);
        String from = d2cRoute(device, protocol, null, true);
        warmUp(from);
        int lostBefore = hub.faults().lostAcknowledgements();

        Sent sent = stream(from, device.deviceId(), 300, 10, 50, sentSoFar -> {
            if (sentSoFar == 100 || sentSoFar == 200) {
                hub.faults().loseAcknowledgements(1);
            }
        });

        int lostAcks = hub.faults().lostAcknowledgements() - lostBefore;
        AtHub atHub = assertNothingLost(device.deviceId(), sent);
        ReliabilityReport.record("d2c-lost-ack", protocol, counts(sent, atHub, "lostAcks=" + lostAcks
                + " reconnects=" + reconnects(device, protocol)));
        assertThat(lostAcks).isEqualTo(2);
        assertThat(sent.failed()).isEmpty();
        assertThat(atHub.distinct()).as("every message is in the hub once at least").isEqualTo(300);
        // only the messages whose acknowledgement was lost: over AMQP the rest of a batch on the wire when the
        // connection dropped is sent again too, but the hub had not stored it
        assertThat(atHub.duplicates()).as("each lost acknowledgement made one duplicate").isEqualTo(lostAcks);
        Map<String, List<D2cEvent>> byId = hub.events().forDevice(device.deviceId()).stream()
                .collect(Collectors.groupingBy(D2cEvent::messageId));
        byId.values().stream().filter(copies -> copies.size() > 1).forEach(copies -> assertThat(copies)
                .as("a duplicate is the same message again").extracting(D2cEvent::bodyAsString)
                .containsOnly(copies.get(0).bodyAsString()));
    }

    private record KilledStream(Sent sent, AtHub atHub) {
    }

    /** Streams COUNT messages while the connection is killed every 2 s (3 kills); checks and records LOST = 0. */
    private KilledStream streamWithKills(DeviceInfo device, IotHubProtocol protocol, String from, String scenario)
            throws Exception {
        warmUp(from);
        FaultSchedule kills = hub.faults().every(Duration.ofSeconds(2), Duration.ofSeconds(6), "kill " + device.deviceId(),
                kill(protocol, device.deviceId()));
        Sent sent = stream(from, device.deviceId(), COUNT, 25, 100);
        awaitAllKills(kills);

        AtHub atHub = assertNothingLost(device.deviceId(), sent);
        ReliabilityReport.record(scenario, protocol, counts(sent, atHub, "kills=" + kills.firings()
                + " reconnects=" + reconnects(device, protocol) + " firstFailure=" + sent.firstFailure()));
        assertThat(kills.firings()).isEqualTo(3);
        return new KilledStream(sent, atHub);
    }
}

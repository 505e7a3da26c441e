package io.cameliothub.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class C2dQueueTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private HubCore core;
    private C2dQueue queue;
    private final AtomicInteger notified = new AtomicInteger();

    @BeforeEach
    void setUp() {
        core = new HubCore("hub.iothub.test", clock, HubTimer.NONE, HubLimits.defaults());
        core.registry().addDevice("d1");
        queue = core.c2dQueue(Identity.device("d1"));
        queue.onAvailable(notified::incrementAndGet);
    }

    private static C2dMessage msg(String id, AckMode ack) {
        return C2dMessage.builder().body("b-" + id).messageId(id).ack(ack).build();
    }

    private LockedMessage receive() {
        return queue.receive().orElseThrow(() -> new AssertionError("nothing to receive"));
    }

    private static int code(Runnable r) {
        try {
            r.run();
        } catch (HubException e) {
            return e.code();
        }
        throw new AssertionError("expected HubException");
    }

    @Test
    void depthIsFiftyAndTheFiftyFirstIsRefusedWith403004() {
        for (int i = 0; i < 50; i++) {
            core.sendC2d(Identity.device("d1"), msg("m" + i, AckMode.NONE));
        }
        HubException e = null;
        try {
            core.sendC2d(Identity.device("d1"), msg("m50", AckMode.NONE));
        } catch (HubException ex) {
            e = ex;
        }
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(403004);
        assertThat(e.status()).isEqualTo(403);
        // locked messages still count; completing one makes room
        LockedMessage first = receive();
        assertThat(code(() -> core.sendC2d(Identity.device("d1"), msg("x", AckMode.NONE)))).isEqualTo(403004);
        queue.complete(first.lockToken());
        core.sendC2d(Identity.device("d1"), msg("m50", AckMode.NONE));
        assertThat(queue.pendingCount()).isEqualTo(50);
    }

    @Test
    void receiveLocksOldestFirstAndCompleteRemovesIt() {
        core.sendC2d(Identity.device("d1"), msg("a", AckMode.NONE));
        core.sendC2d(Identity.device("d1"), msg("b", AckMode.NONE));
        assertThat(notified.get()).isEqualTo(2);
        LockedMessage a = receive();
        assertThat(a.message().messageId()).isEqualTo("a");
        assertThat(a.deliveryCount()).isEqualTo(1);
        assertThat(a.to()).isEqualTo("/devices/d1/messages/devicebound");
        assertThat(a.lockedUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(receive().message().messageId()).isEqualTo("b");
        assertThat(queue.receive()).isEmpty();
        queue.complete(a.lockToken());
        assertThat(queue.entry("a")).get().extracting(C2dEntry::state).isEqualTo(C2dState.COMPLETED);
        assertThat(code(() -> queue.complete(a.lockToken()))).isEqualTo(412001);
        assertThat(code(() -> queue.complete("no-such-token"))).isEqualTo(412001);
    }

    @Test
    void lockExpiresAfterOneMinuteAndTheMessageComesBack() {
        core.sendC2d(Identity.device("d1"), msg("a", AckMode.NONE));
        LockedMessage first = receive();
        clock.advance(Duration.ofSeconds(59));
        assertThat(queue.receive()).isEmpty();
        int before = notified.get();
        clock.advance(Duration.ofSeconds(1));
        queue.sweep();
        assertThat(notified.get()).isGreaterThan(before);
        assertThat(queue.entry("a")).get().extracting(C2dEntry::state).isEqualTo(C2dState.ENQUEUED);
        assertThat(code(() -> queue.complete(first.lockToken()))).as("lock lost").isEqualTo(412001);
        LockedMessage second = receive();
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(second.lockToken()).isNotEqualTo(first.lockToken());
    }

    @Test
    void abandonReenqueuesAndRejectDeadLetters() {
        core.sendC2d(Identity.device("d1"), msg("a", AckMode.NEGATIVE));
        LockedMessage l = receive();
        queue.abandon(l.lockToken());
        assertThat(queue.entry("a")).get().extracting(C2dEntry::state).isEqualTo(C2dState.ENQUEUED);
        LockedMessage again = receive();
        assertThat(again.deliveryCount()).isEqualTo(2);
        queue.reject(again.lockToken());
        C2dEntry e = queue.entry("a").orElseThrow();
        assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
        assertThat(e.deadLetterReason()).isEqualTo("Rejected");
        assertThat(queue.receive()).isEmpty();
        assertThat(core.feedback().all()).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(FeedbackRecord.Status.REJECTED);
            assertThat(f.originalMessageId()).isEqualTo("a");
            assertThat(f.deviceId()).isEqualTo("d1");
            assertThat(f.status().wireName()).isEqualTo("Rejected");
        });
    }

    @Test
    void deadLettersAfterTheTenthDelivery() {
        core.sendC2d(Identity.device("d1"), msg("a", AckMode.FULL));
        for (int i = 1; i <= 10; i++) {
            LockedMessage l = receive();
            assertThat(l.deliveryCount()).isEqualTo(i);
            if (i % 2 == 0) {
                queue.abandon(l.lockToken());
            } else {
                clock.advance(Duration.ofMinutes(1));
            }
        }
        assertThat(queue.receive()).isEmpty();
        C2dEntry e = queue.entry("a").orElseThrow();
        assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
        assertThat(e.deadLetterReason()).isEqualTo("DeliveryCountExceeded");
        assertThat(e.deliveryCount()).isEqualTo(10);
        assertThat(core.feedback().all()).extracting(FeedbackRecord::status)
                .containsExactly(FeedbackRecord.Status.DELIVERY_COUNT_EXCEEDED);
    }

    @Test
    void ttlDefaultsToOneHourIsCappedAtTwoDaysAndExpiryDeadLetters() {
        core.sendC2d(Identity.device("d1"), msg("default", AckMode.FULL));
        core.sendC2d(Identity.device("d1"), C2dMessage.builder().messageId("short").ttl(Duration.ofMinutes(2))
                .ack(AckMode.NEGATIVE).build());
        core.sendC2d(Identity.device("d1"), C2dMessage.builder().messageId("long").ttl(Duration.ofDays(30)).build());
        assertThat(queue.entry("default").orElseThrow().expiryTime()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(queue.entry("long").orElseThrow().expiryTime()).isEqualTo(clock.instant().plus(Duration.ofDays(2)));

        clock.advance(Duration.ofMinutes(2));
        assertThat(queue.entry("short").orElseThrow().state()).isEqualTo(C2dState.DEAD_LETTERED);
        assertThat(queue.entry("short").orElseThrow().deadLetterReason()).isEqualTo("Expired");
        clock.advance(Duration.ofMinutes(58));
        assertThat(queue.receive().orElseThrow().message().messageId()).isEqualTo("long");
        assertThat(queue.entry("default").orElseThrow().state()).isEqualTo(C2dState.DEAD_LETTERED);
        assertThat(core.feedback().all()).extracting(FeedbackRecord::originalMessageId, FeedbackRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("short", FeedbackRecord.Status.EXPIRED),
                        org.assertj.core.groups.Tuple.tuple("default", FeedbackRecord.Status.EXPIRED));
    }

    @Test
    void feedbackFollowsTheAckMode() {
        List<String> ids = new ArrayList<>();
        for (AckMode ack : AckMode.values()) {
            core.sendC2d(Identity.device("d1"), msg("ok-" + ack, ack));
            core.sendC2d(Identity.device("d1"), msg("rej-" + ack, ack));
            ids.add(ack.name());
        }
        for (int i = 0; i < ids.size() * 2; i++) {
            LockedMessage l = receive();
            if (l.message().messageId().startsWith("ok-")) {
                queue.complete(l.lockToken());
            } else {
                queue.reject(l.lockToken());
            }
        }
        assertThat(core.feedback().all()).extracting(f -> f.originalMessageId() + ":" + f.status().wireName())
                .containsExactly("ok-POSITIVE:Success", "rej-NEGATIVE:Rejected", "ok-FULL:Success", "rej-FULL:Rejected");
    }

    @Test
    void oversizeC2dAndUnknownDeviceAreRefused() {
        assertThat(code(() -> core.sendC2d(Identity.device("d1"),
                C2dMessage.builder().body(new byte[64 * 1024 + 1]).build()))).isEqualTo(413001);
        assertThat(code(() -> core.sendC2d(Identity.device("ghost"), C2dMessage.of("x")))).isEqualTo(404001);
        assertThatThrownBy(() -> core.c2dQueue(Identity.module("d1", "ghost"))).isInstanceOf(HubException.class);
    }

    @Test
    void telemetryIsStampedAndLimited() {
        AuthResult auth = new AuthResult(Identity.device("d1"), clock.instant().plusSeconds(60),
                AuthResult.authMethodJson("device", "sas"), null);
        D2cEvent e = core.acceptTelemetry(auth, D2cMessage.builder().body("x")
                .systemProperty(SystemProperties.CONNECTION_DEVICE_ID, "spoofed").applicationProperty("k", "v").build(),
                Protocol.HTTPS);
        assertThat(e.systemProperties()).containsEntry("iothub-connection-device-id", "d1")
                .containsEntry("iothub-enqueuedtime", "2026-01-01T00:00:00Z");
        assertThat(core.events().all()).containsExactly(e);
        D2cMessage big = D2cMessage.builder().body(new byte[256 * 1024 - 2]).applicationProperty("k", "vv").build();
        assertThat(code(() -> core.acceptTelemetry(auth, big, Protocol.MQTT))).isEqualTo(413001);
        core.faults().throttle(Duration.ofSeconds(1));
        assertThat(code(() -> core.acceptTelemetry(auth, D2cMessage.builder().build(), Protocol.MQTT))).isEqualTo(429001);
        clock.advance(Duration.ofSeconds(1));
        core.acceptTelemetry(auth, D2cMessage.builder().build(), Protocol.MQTT);
        core.registry().setEnabled("d1", false);
        assertThat(code(() -> core.acceptTelemetry(auth, D2cMessage.builder().build(), Protocol.MQTT))).isEqualTo(404001);
    }
}

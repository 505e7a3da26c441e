package io.cameliothub.component.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FaultSchedule;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cloud-to-device streams while the connection is killed every 2 s, and a route that fails every third delivery, per
 * transport. The hub's lock is 5 s here (IoT Hub's is 1 min), so a completion lost with a reset HTTPS request is
 * redelivered within the test.
 */
class C2dUnderFaultsTest extends ReliabilityTestSupport {

    private static final int COUNT = 200;

    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    record Delivery(String messageId, Integer deliveryCount) {
    }

    @BeforeAll
    static void hubWithShortLocks() {
        IotHubEmulator defaultHub = hub;
        hub = IotHubEmulator.builder().hostName("hub.iothub.test").tls(defaultHub.tls()).c2dLockTimeout(Duration.ofSeconds(5))
                .mqttPort(0).amqpPort(0).httpsPort(0).start();
        defaultHub.close();
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void killedEveryTwoSecondsEveryMessageReachesTheRouteAndIsCompleted(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = newDevice("c2d-kill", protocol);
        // 20 ms per message: a kill finds a message in the route, whose completion then cannot reach the hub
        consume(device, protocol, null, exchange -> Thread.sleep(20));

        // what the hub had out, unsettled, when each kill landed (read before and after the drop, which may be async)
        Set<String> outAtKills = ConcurrentHashMap.newKeySet();
        FaultSchedule kills = hub.faults().every(Duration.ofSeconds(2), Duration.ofSeconds(6), "kill " + device.deviceId(),
                faults -> {
                    outAtKills.addAll(deliveredUnsettled(device));
                    kill(protocol, device.deviceId()).accept(faults);
                    outAtKills.addAll(deliveredUnsettled(device));
                });
        for (int i = 0; i < COUNT; i++) {
            while (hub.c2dQueue(device.deviceId()).pendingCount() >= 40) {
                Thread.sleep(20);
            }
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("command " + i).messageId("cmd-" + i).build());
            if (i % 10 == 9) {
                Thread.sleep(300);
            }
        }
        awaitAllKills(kills);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(C2dEntry::state).hasSize(COUNT).containsOnly(C2dState.COMPLETED));

        assertThat(deliveries).extracting(Delivery::messageId).as("a message id on every delivery")
                .allMatch(Objects::nonNull);
        Map<String, List<Delivery>> byId = deliveries.stream().collect(Collectors.groupingBy(Delivery::messageId));
        long redelivered = byId.values().stream().filter(d -> d.size() > 1).count();
        ReliabilityReport.record("c2d-kill", protocol, String.format("sent=%d reachedRoute=%d completedAtHub=%d "
                + "deliveries=%d redeliveredMessages=%d extraDeliveries=%d kills=%d reconnects=%s", COUNT, byId.size(),
                COUNT, deliveries.size(), redelivered, deliveries.size() - byId.size(), kills.firings(),
                reconnects(device, protocol)));
        assertThat(kills.firings()).isEqualTo(3);
        assertThat(byId).as("every message reached the route").hasSize(COUNT);
        if (protocol == IotHubProtocol.HTTPS) {
            // a kill resets one request: one poll or one completion, so at most one message comes back per kill
            assertThat(deliveries.size() - byId.size()).as("extra deliveries").isLessThanOrEqualTo(kills.firings());
        } else {
            // only a message the hub had out, unsettled, when a kill landed comes back (not one whose lock expired
            // in a prefetch buffer); how many of those the route had started depends on how soon the component hears
            // of the drop, which a loaded machine delays, so their number is reported, not bounded
            assertThat(byId.entrySet()).as("redelivered messages, each out at the hub when a kill landed")
                    .filteredOn(e -> e.getValue().size() > 1).extracting(Map.Entry::getKey).isSubsetOf(outAtKills);
        }
        // and each run came from a delivery of its own: the route never runs twice for one lock, nor for a message
        // once it was completed at the hub
        Map<String, Integer> hubDeliveries = hub.c2dQueue(device.deviceId()).entries().stream()
                .collect(Collectors.toMap(C2dEntry::messageId, C2dEntry::deliveryCount));
        byId.forEach((id, runs) -> assertThat(runs.size()).as("route runs of %s against the hub's deliveries", id)
                .isLessThanOrEqualTo(hubDeliveries.get(id)));
        if (protocol == IotHubProtocol.MQTT || protocol == IotHubProtocol.MQTT_WS) {
            assertThat(deliveries).as("MQTT carries no delivery count").extracting(Delivery::deliveryCount)
                    .containsOnlyNulls();
        } else {
            byId.values().stream().filter(d -> d.size() > 1).forEach(d -> assertThat(d)
                    .as("a redelivery carries a higher delivery count").extracting(Delivery::deliveryCount)
                    .doesNotContainNull().isSorted().doesNotHaveDuplicates());
        }
    }

    private static List<String> deliveredUnsettled(DeviceInfo device) {
        return hub.c2dQueue(device.deviceId()).entries().stream()
                .filter(e -> e.state() == C2dState.INVISIBLE || e.state() == C2dState.ENQUEUED && e.deliveryCount() > 0)
                .map(C2dEntry::messageId).toList();
    }

    static Stream<Arguments> transportsAndOutcomes() {
        return Stream.of(IotHubProtocol.values())
                .flatMap(p -> Stream.of(C2dOutcome.values()).map(o -> Arguments.of(p, o)));
    }

    @ParameterizedTest
    @MethodSource("transportsAndOutcomes")
    void aRouteFailingEveryThirdDeliveryGetsTheConfiguredOutcome(IotHubProtocol protocol, C2dOutcome outcome)
            throws Exception {
        DeviceInfo device = newDevice("c2d-third-" + outcome.name().toLowerCase(), protocol);
        AtomicInteger seen = new AtomicInteger();
        consume(device, protocol, "c2dFailureOutcome=" + outcome, exchange -> {
            if (seen.incrementAndGet() % 3 == 0) {
                throw new IllegalStateException("every third delivery fails");
            }
        });
        int count = 15;
        for (int i = 0; i < count; i++) {
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("command " + i).messageId("cmd-" + i).build());
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(C2dEntry::state).hasSize(count).doesNotContain(C2dState.ENQUEUED, C2dState.INVISIBLE));
        Thread.sleep(300); // nothing more arrives: a settled message is not delivered again
        List<C2dEntry> entries = hub.c2dQueue(device.deviceId()).entries();
        long completed = entries.stream().filter(e -> e.state() == C2dState.COMPLETED).count();
        long deadLettered = entries.stream().filter(e -> e.state() == C2dState.DEAD_LETTERED).count();
        int failures = deliveries.size() / 3;
        ReliabilityReport.record("c2d-fail-third-" + outcome, protocol, String.format(
                "sent=%d deliveries=%d failedInRoute=%d completed=%d deadLettered=%d", count, deliveries.size(),
                failures, completed, deadLettered));

        boolean mqtt = protocol == IotHubProtocol.MQTT || protocol == IotHubProtocol.MQTT_WS;
        if (mqtt || outcome == C2dOutcome.COMPLETE) {
            // MQTT knows only complete: a failed message is completed and never comes back
            assertThat(deliveries).hasSize(count);
            assertThat(completed).isEqualTo(count);
        } else if (outcome == C2dOutcome.REJECT) {
            assertThat(deliveries).hasSize(count);
            assertThat(deadLettered).isEqualTo(count / 3);
            assertThat(completed).isEqualTo(count - count / 3);
        } else {
            // abandoned messages come back until a delivery succeeds
            assertThat(completed).isEqualTo(count);
            assertThat(deliveries.size()).isGreaterThan(count);
            assertThat(deliveries.stream().map(Delivery::messageId).distinct()).hasSize(count);
        }
    }

    interface Step {
        void process(Exchange exchange) throws Exception;
    }

    private void consume(DeviceInfo device, IotHubProtocol protocol, String options, Step step) throws Exception {
        String extra = protocol == IotHubProtocol.HTTPS ? "pollInterval=100ms" : null;
        if (options != null) {
            extra = extra == null ? options : extra + "&" + options;
        }
        String uri = uriFor(device, protocol, extra);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(exchange -> {
                    deliveries.add(new Delivery(exchange.getMessage().getHeader(IotHubConstants.MESSAGE_ID, String.class),
                            exchange.getMessage().getHeader(IotHubConstants.DELIVERY_COUNT, Integer.class)));
                    step.process(exchange);
                });
            }
        });
    }
}

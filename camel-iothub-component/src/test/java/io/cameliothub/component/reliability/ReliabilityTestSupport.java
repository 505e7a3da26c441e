package io.cameliothub.component.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FaultSchedule;
import io.cameliothub.emulator.core.Faults;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streams under faults against the in-process emulator, and the counts the reliability suite asserts and reports:
 * every exchange finishes, every completed exchange is in the hub (LOST = 0), duplicates counted by message id.
 */
abstract class ReliabilityTestSupport extends EmulatorTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WARM_UP = "warm-up";
    private static final AtomicInteger DEVICES = new AtomicInteger();

    @AfterEach
    void resetFaults() {
        hub.faults().reset();
    }

    static DeviceInfo newDevice(String scenario, IotHubProtocol protocol) {
        return hub.registry().addDevice(scenario + "-" + protocol.name().toLowerCase() + "-" + DEVICES.incrementAndGet());
    }

    /** The fault "kill the connection": a dropped connection, or over HTTPS the next request reset mid-flight. */
    static Consumer<Faults> kill(IotHubProtocol protocol, String deviceId) {
        return protocol == IotHubProtocol.HTTPS ? f -> f.dropHttpsRequests(1) : f -> f.dropConnection(deviceId);
    }

    /** A route from {@code direct:<device>} to the device's endpoint, with the recommended redelivery or Camel's default. */
    String d2cRoute(DeviceInfo device, IotHubProtocol protocol, String options, boolean recommended) throws Exception {
        String from = "direct:" + device.deviceId();
        String to = uriFor(device, protocol, options);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (recommended) {
                    recommendedErrorHandler(this);
                }
                from(from).to(to);
            }
        });
        return from;
    }

    /** The configuration docs/reliability.md recommends: redeliver what the component calls retryable, with backoff. */
    static void recommendedErrorHandler(RouteBuilder routes) {
        routes.onException(IotHubException.class)
                .onWhen(routes.simple("${exception.retryable}"))
                .maximumRedeliveries(20).redeliveryDelay(250)
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(5000)
                .asyncDelayedRedelivery()
                .retryAttemptedLogLevel(LoggingLevel.DEBUG);
    }

    /** Waits until a schedule of kills has fired its last (a loaded machine's timer may be late). */
    static void awaitAllKills(FaultSchedule kills) {
        await().atMost(Duration.ofSeconds(20)).until(kills::done);
    }

    /** What the sender saw: ids of completed and failed exchanges, and the first failure. */
    record Sent(List<String> ids, Set<String> completed, Set<String> failed, String firstFailure) {
    }

    /**
     * Sends {@code count} uniquely numbered messages into {@code from}, {@code perTick} every {@code tickMillis} (so
     * faults land mid-stream), and waits until every exchange finished.
     */
    Sent stream(String from, String prefix, int count, int perTick, long tickMillis) throws Exception {
        return stream(from, prefix, count, perTick, tickMillis, sentSoFar -> { });
    }

    interface AfterSend {
        void accept(int sentSoFar) throws Exception;
    }

    Sent stream(String from, String prefix, int count, int perTick, long tickMillis, AfterSend afterSend)
            throws Exception {
        AsyncProducer producer = context.getEndpoint(from).createAsyncProducer();
        producer.start();
        List<String> ids = new ArrayList<>();
        Set<String> completed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<String> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String[] firstFailure = new String[1];
        CountDownLatch done = new CountDownLatch(count);
        try {
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i;
                ids.add(id);
                Exchange exchange = new DefaultExchange(context);
                exchange.getMessage().setBody(("message " + i).getBytes(StandardCharsets.UTF_8));
                exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, id);
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() == null) {
                        completed.add(id);
                    } else {
                        failed.add(id);
                        synchronized (firstFailure) {
                            if (firstFailure[0] == null) {
                                firstFailure[0] = exchange.getException().toString();
                            }
                        }
                    }
                    done.countDown();
                });
                afterSend.accept(i + 1);
                if ((i + 1) % perTick == 0) {
                    Thread.sleep(tickMillis);
                }
            }
            assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("every exchange finished (completed or failed); %d still open", done.getCount()).isTrue();
        } finally {
            producer.stop();
        }
        return new Sent(ids, completed, failed, firstFailure[0]);
    }

    /** What reached the hub from one device: events per message id. */
    record AtHub(int events, Map<String, Long> perId) {

        int distinct() {
            return perId.size();
        }

        int duplicates() {
            return events - perId.size();
        }

        long lost(Set<String> completed) {
            return completed.stream().filter(id -> !perId.containsKey(id)).count();
        }
    }

    /** Connects the device with one message the counts leave out. */
    void warmUp(String from) {
        template.sendBodyAndHeader(from, "warm-up", IotHubConstants.MESSAGE_ID, WARM_UP);
    }

    static AtHub atHub(String deviceId) {
        List<D2cEvent> events = hub.events().forDevice(deviceId).stream().filter(e -> !WARM_UP.equals(e.messageId()))
                .toList();
        return new AtHub(events.size(), events.stream()
                .collect(Collectors.groupingBy(D2cEvent::messageId, Collectors.counting())));
    }

    /** Every completed exchange's message is in the hub, and the hub holds nothing the sender did not send. */
    static AtHub assertNothingLost(String deviceId, Sent sent) {
        // an acknowledgement comes after the hub logged the message, so the log is complete once all exchanges are
        AtHub atHub = atHub(deviceId);
        assertThat(atHub.lost(sent.completed())).as("LOST: completed exchanges missing at the hub").isZero();
        assertThat(sent.ids()).as("the hub holds only messages that were sent").containsAll(atHub.perId().keySet());
        return atHub;
    }

    /** The device is connected again (over HTTPS, which keeps no connection: a message still goes through). */
    void assertConnectedAgain(DeviceInfo device, IotHubProtocol protocol, String from) {
        if (protocol == IotHubProtocol.HTTPS) {
            template.sendBodyAndHeader(from, "after", IotHubConstants.MESSAGE_ID, "after-faults");
            assertThat(atHub(device.deviceId()).perId()).containsKey("after-faults");
        } else {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> hub.connections().live(device.deviceId()).isPresent());
        }
    }

    /** Connections the hub accepted after the first (HTTPS keeps none: n/a). */
    static String reconnects(DeviceInfo device, IotHubProtocol protocol) {
        return protocol == IotHubProtocol.HTTPS ? "n/a"
                : String.valueOf(hub.connections().totalAccepted(device.deviceId()) - 1);
    }

    static String counts(Sent sent, AtHub atHub, String extra) {
        return String.format("sent=%d completed=%d failed=%d atHub=%d lost=%d duplicates=%d%s", sent.ids().size(),
                sent.completed().size(), sent.failed().size(), atHub.distinct(), atHub.lost(sent.completed()),
                atHub.duplicates(), extra == null ? "" : " " + extra);
    }
}

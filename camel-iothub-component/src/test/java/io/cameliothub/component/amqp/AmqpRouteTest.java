package io.cameliothub.component.amqp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * AMQP over TLS, end to end against the emulator: everything the other wires do, plus the field-gateway case (many
 * devices multiplexed on one connection, each with its own CBS token and session), C2D abandon and reject, and CBS
 * renewal inside the open connection.
 */
class AmqpRouteTest extends IotHubRouteTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpRouteTest.class);

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.AMQPS;
    }

    @Override
    protected void assertTokensWereRenewed(DeviceInfo device) {
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("renewed inside the open connection")
                .isEqualTo(1);
        assertThat(hub.amqp().putTokens(device.identity())).as("a 2 s token over a ~6 s stream: CBS put-tokens")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void twoHundredDevicesShareOneConnection() throws Exception {
        List<DeviceInfo> devices = IntStream.range(0, 200).mapToObj(i -> newDevice("gw")).toList();

        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        addSenders(devices);
        long connectMillis = (System.nanoTime() - start) / 1_000_000;
        int threadsAdded = Thread.activeCount() - threadsBefore;
        assertThat(threadsAdded).as("no thread per device").isLessThan(10);
        for (DeviceInfo d : devices) {
            template.asyncSendBody("direct:" + d.deviceId(), "hello from " + d.deviceId());
        }
        for (DeviceInfo d : devices) {
            assertThat(hub.events().await(e -> d.deviceId().equals(e.deviceId()), WAIT).bodyAsString())
                    .isEqualTo("hello from " + d.deviceId());
        }

        assertThat(remoteAddresses(devices)).as("every device on one connection").hasSize(1);
        assertThat(hub.amqp().devicesPerConnection()).contains(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.amqp().liveConnections())
                .as("the emulator sees one AMQP connection").isEqualTo(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(amqpThreads()).as("one event-loop thread").isEqualTo(1));
        LOG.info("200 devices connected over one AMQPS connection in {} ms; {} AMQP thread(s), {} threads added in all",
                connectMillis, amqpThreads(), threadsAdded);
    }

    @Test
    void aDeviceWithABadKeyFailsAloneWhileTheOthersKeepSending() throws Exception {
        List<DeviceInfo> good = IntStream.range(0, 199).mapToObj(i -> newDevice("gw-good")).toList();
        addSenders(good);
        good.forEach(d -> template.asyncSendBody("direct:" + d.deviceId(), "before"));

        DeviceInfo bad = newDevice("gw-bad");
        String badUri = "iothub:" + bad.deviceId() + "?protocol=AMQPS&port=" + hub.amqpPort()
                        + "&hostName=hub.iothub.test&sharedAccessKey=RAW(d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDE=)";
        Throwable failure = catchThrowable(() -> route("direct:" + bad.deviceId(), badUri));
        assertThat(failure).isInstanceOf(FailedToStartRouteException.class);
        assertThat(causeOfType(failure, IotHubException.class)).isNotNull()
                .hasMessageContaining("IoT Hub refused device " + bad.deviceId());

        good.forEach(d -> template.asyncSendBody("direct:" + d.deviceId(), "after"));
        await().atMost(WAIT).until(() -> good.stream().allMatch(d -> hub.events().forDevice(d.deviceId()).size() == 2));
        assertThat(hub.events().forDevice(bad.deviceId())).isEmpty();
        assertThat(hub.connections().totalAccepted(bad.deviceId())).isZero();
        assertThat(remoteAddresses(good)).as("the others kept their one connection").hasSize(1);
        assertThat(good).allSatisfy(d -> assertThat(hub.connections().totalAccepted(d.deviceId())).isEqualTo(1));
    }

    @Test
    void abandonedMessagesAreRedeliveredAndRejectedOnesDeadLettered() throws Exception {
        DeviceInfo abandoning = newDevice("abandon");
        DeviceInfo rejecting = newDevice("reject");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(abandoning, "c2dFailureOutcome=ABANDON")).throwException(new IllegalStateException("no"));
                from(uri(rejecting, "c2dFailureOutcome=REJECT")).throwException(new IllegalStateException("no"));
            }
        });

        hub.sendC2d(abandoning.deviceId(), C2dMessage.builder().body("retry me").messageId("abandon-1").build());
        hub.sendC2d(rejecting.deviceId(), C2dMessage.builder().body("refuse me").messageId("reject-1").build());

        await().atMost(WAIT).untilAsserted(() -> {
            C2dEntry e = hub.c2dQueue(abandoning.deviceId()).entry("abandon-1").orElseThrow();
            assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
            assertThat(e.deadLetterReason()).as("abandoned until the hub's maximum delivery count")
                    .isEqualTo("DeliveryCountExceeded");
            assertThat(e.deliveryCount()).isEqualTo(hub.core().limits().c2dMaxDeliveryCount());
        });
        await().atMost(WAIT).untilAsserted(() -> {
            C2dEntry e = hub.c2dQueue(rejecting.deviceId()).entry("reject-1").orElseThrow();
            assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
            assertThat(e.deadLetterReason()).isEqualTo("Rejected");
            assertThat(e.deliveryCount()).isEqualTo(1);
        });
    }

    @Test
    void aMessageTheHubRejectsFailsItsExchangeWithTheHubsCondition() throws Exception {
        DeviceInfo device = newDevice("throttled");
        route("direct:throttled", uri(device, null));
        template.sendBody("direct:throttled", "before");

        hub.faults().throttle(Duration.ofMinutes(1));
        Exchange refused;
        try {
            refused = template.send("direct:throttled", e -> e.getMessage().setBody("while throttled"));
        } finally {
            hub.faults().reset();
        }
        assertThat(refused.getException()).isInstanceOf(IotHubException.class)
                .hasMessageContaining("IoT Hub rejected the message");
        IotHubException e = (IotHubException) refused.getException();
        assertThat(e.getErrorCode()).isEqualTo("com.microsoft:device-container-throttled");
        assertThat(e.isRetryable()).isTrue();

        template.sendBody("direct:throttled", "after");
        assertThat(hub.events().forDevice(device.deviceId())).extracting(D2cEvent::bodyAsString)
                .containsExactly("before", "after");
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("a refusal does not cost the link").isEqualTo(1);
    }

    @Test
    void cloudToDeviceHeadersCarryWhatTheHubStamped() throws Exception {
        DeviceInfo device = newDevice("stamps");
        route(uri(device, null), "mock:stamps");
        MockEndpoint mock = getMockEndpoint("mock:stamps");
        mock.expectedMessageCount(1);

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("stamped").messageId("s-1").build());

        mock.assertIsSatisfied(WAIT.toMillis());
        Map<String, Object> headers = mock.getReceivedExchanges().get(0).getMessage().getHeaders();
        assertThat((String) headers.get(IotHubConstants.LOCK_TOKEN)).matches("[0-9a-f-]{36}");
        assertThat(headers).containsEntry(IotHubConstants.DELIVERY_COUNT, 1)
                .containsEntry(IotHubConstants.SEQUENCE_NUMBER, 1L)
                .containsKey(IotHubConstants.ENQUEUED_TIME);
    }

    @Test
    void stoppingARouteClosesOnlyItsDevicesSession() throws Exception {
        DeviceInfo a = newDevice("stop-a");
        DeviceInfo b = newDevice("stop-b");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a").routeId("route-a").to(uri(a, null));
                from("direct:b").routeId("route-b").to(uri(b, null));
            }
        });
        template.sendBody("direct:a", "a1");
        template.sendBody("direct:b", "b1");
        String connectionOfB = hub.connections().live(b.deviceId()).orElseThrow().remoteAddress();
        assertThat(hub.connections().live(a.deviceId()).orElseThrow().remoteAddress()).isEqualTo(connectionOfB);

        context.getRouteController().stopRoute("route-a");

        await().atMost(WAIT).until(() -> !hub.connections().isConnected(a.identity()));
        template.sendBody("direct:b", "b2");
        assertThat(hub.events().forDevice(b.deviceId())).extracting(D2cEvent::bodyAsString).containsExactly("b1", "b2");
        assertThat(hub.connections().live(b.deviceId()).orElseThrow().remoteAddress()).isEqualTo(connectionOfB);
        assertThat(hub.connections().totalAccepted(b.deviceId())).isEqualTo(1);
    }

    @Test
    void aWholeGatewayConnectionDroppedMidStreamLosesNothing() throws Exception {
        List<DeviceInfo> devices = IntStream.range(0, 20).mapToObj(i -> newDevice("gw-drop")).toList();
        addSenders(devices);
        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            if (round == 3) {
                hub.amqp().dropAll();
            }
            for (DeviceInfo d : devices) {
                String id = d.deviceId() + "-" + round;
                try {
                    template.sendBodyAndHeader("direct:" + d.deviceId(), "m", IotHubConstants.MESSAGE_ID, id);
                    sent.add(id);
                } catch (RuntimeException e) {
                    LOG.info("a send failed while the connection was down: {}", e.getMessage());
                }
            }
        }
        Set<String> accepted = devices.stream().flatMap(d -> hub.events().forDevice(d.deviceId()).stream())
                .map(D2cEvent::messageId).collect(Collectors.toSet());
        assertThat(accepted).as("every completed exchange reached the hub").containsAll(sent);
        assertThat(sent.size()).as("almost everything went through").isGreaterThanOrEqualTo(devices.size() * 9);
        assertThat(remoteAddresses(devices)).as("all devices came back on one new connection").hasSize(1);
    }

    private void addSenders(List<DeviceInfo> devices) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (DeviceInfo d : devices) {
                    from("direct:" + d.deviceId()).to(uri(d, null));
                }
            }
        });
    }

    private static Set<String> remoteAddresses(List<DeviceInfo> devices) {
        return devices.stream()
                .map(d -> hub.connections().live(d.deviceId()).map(ConnectionInfo::remoteAddress).orElse("not connected"))
                .collect(Collectors.toSet());
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static long amqpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("IotHubAmqp-")).count();
    }
}

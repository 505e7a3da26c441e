package io.cameliothub.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behaviours of the device session over real wires against the emulator: completions off the I/O threads, planned
 * MQTT renewals, backoff after throttling, and C2D failures logged once.
 */
class SessionBehaviourTest extends EmulatorTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aC2dRouteThatSendsForTheSameDeviceWithAWindowOfOneFinishes() throws Exception {
        // the C2D delivery used to run on the AMQP loop, and its D2C send waited there for the loop to free the window
        DeviceInfo device = hub.registry().addDevice("echo-amqps");
        String uri = uriFor(device, IotHubProtocol.AMQPS, "maxInFlight=1");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).setBody(simple("echo ${body}")).to(uri).to(uri);
            }
        });

        for (int i = 0; i < 5; i++) {
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("m" + i).messageId("c2d-" + i).build());
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .as("C2D queue").extracting(e -> e.state()).containsOnly(C2dState.COMPLETED).hasSize(5));
        assertThat(hub.events().awaitCount(device.deviceId(), 10, WAIT)).hasSize(10);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(e -> e.state()).containsOnly(C2dState.COMPLETED));
    }

    @Test
    void aSlowStepAfterTheProducerDoesNotDelayTheOtherDevicesOfItsConnection() throws Exception {
        DeviceInfo slow = hub.registry().addDevice("slow-gw");
        DeviceInfo quick = hub.registry().addDevice("quick-gw");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:slow").to(uriFor(slow, IotHubProtocol.AMQPS, null)).delay(2000).syncDelayed();
                from("direct:quick").to(uriFor(quick, IotHubProtocol.AMQPS, null));
            }
        });
        template.sendBody("direct:quick", "warm-up");

        CompletableFuture<Object> slowSend = template.asyncRequestBody("direct:slow", "slow");
        hub.events().await(e -> slow.deviceId().equals(e.deviceId()), WAIT);
        Thread.sleep(100); // the slow route is in its delay now, on the thread that completed its exchange
        long start = System.nanoTime();
        template.sendBody("direct:quick", "quick");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(millis).as("the quick device's acknowledgement did not wait for the slow route").isLessThan(1000);
        slowSend.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anMqttTokenRenewalKeepsTheStateConnected() throws Exception {
        DeviceInfo device = hub.registry().addDevice("renew-mqtt");
        IotHubEndpoint endpoint = context.getEndpoint(uriFor(device, IotHubProtocol.MQTT, "sasTokenTimeToLive=2s"),
                IotHubEndpoint.class);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:renew").to(endpoint);
            }
        });
        template.sendBody("direct:renew", "first");
        List<ConnectionState> seen = new ArrayList<>();
        IotHubHealthCheckProbe probe = new IotHubHealthCheckProbe(context, endpoint);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < end && hub.connections().totalAccepted(device.deviceId()) < 3) {
            seen.add(probe.state());
            Thread.sleep(10);
        }
        template.sendBody("direct:renew", "after renewals");

        assertThat(hub.connections().totalAccepted(device.deviceId())).as("renewed by reconnecting")
                .isGreaterThanOrEqualTo(3);
        assertThat(seen).as("a planned renewal is not a reconnect").containsOnly(ConnectionState.CONNECTED);
    }

    @Test
    void afterAThrottledCloseTheReconnectsBackOff() throws Exception {
        DeviceInfo device = hub.registry().addDevice("throttle-mqtt");
        String uri = uriFor(device, IotHubProtocol.MQTT, "reconnectMinBackoff=500&reconnectMaxBackoff=30000"
                                                         + "&sendTimeout=1000");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:throttle").to(uri);
            }
        });
        template.sendBody("direct:throttle", "before");
        int before = hub.connections().totalAccepted(device.deviceId());

        hub.faults().throttle(Duration.ofSeconds(5));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            template.asyncSendBody("direct:throttle", "during");
            Thread.sleep(50);
        }

        int reconnects = hub.connections().totalAccepted(device.deviceId()) - before;
        // 500 ms, then 0.5-1 s, 1-2 s, 2-4 s: at most four in five seconds (without backoff: one every 500 ms)
        assertThat(reconnects).isBetween(1, 4);
    }

    @Test
    void aFailedC2dExchangeIsReportedByTheErrorHandlerOnlyNotAgainByTheConsumer() throws Exception {
        DeviceInfo device = hub.registry().addDevice("fail-once");
        RecordingExceptionHandler consumerReports = new RecordingExceptionHandler();
        context.getRegistry().bind("countingHandler", consumerReports);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, IotHubProtocol.AMQPS, "exceptionHandler=#countingHandler&c2dFailureOutcome=REJECT"))
                        .throwException(new IllegalStateException("route failed"));
            }
        });

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("doomed").messageId("doomed-1").build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(e -> e.state()).containsExactly(C2dState.DEAD_LETTERED));
        assertThat(consumerReports.handled()).as("Camel's error handler logged it; the consumer says nothing more").isEmpty();
    }

    @Test
    void aCloseThatRacesTheConnectLeavesNoConnectionBehind() throws Exception {
        // closing used to disconnect on Paho's callback thread when the CONNACK came after the close; Paho refused
        DeviceInfo device = hub.registry().addDevice("race-mqtt");
        IotHubEndpoint endpoint = context.getEndpoint(uriFor(device, IotHubProtocol.MQTT, null), IotHubEndpoint.class);
        IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
        for (int i = 0; i < 10; i++) {
            var lease = component.getTransports().acquire(endpoint.getSettings().transport(),
                    () -> component.resources(endpoint.getSettings()));
            lease.transport().open();
            Thread.sleep(i * 5L);
            lease.close();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.connections().live(device.deviceId())).isEmpty());
    }

    @Test
    void aMessageWithoutAnIdIsSentWithTheExchangeIdSoDuplicatesCanBeDropped() throws Exception {
        DeviceInfo device = hub.registry().addDevice("msgid-mqtt");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:msgid").to(uriFor(device, IotHubProtocol.MQTT, null));
            }
        });

        Exchange sent = template.send("direct:msgid", e -> e.getMessage().setBody("no id"));

        assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT).messageId())
                .isEqualTo(sent.getExchangeId());
    }

    /** The state of an endpoint's shared transport, read the way the health check reads it. */
    private static final class IotHubHealthCheckProbe {
        private final io.cameliothub.component.transport.internal.IotHubTransport transport;

        IotHubHealthCheckProbe(org.apache.camel.CamelContext context, IotHubEndpoint endpoint) throws Exception {
            IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
            try (var lease = component.getTransports().acquire(endpoint.getSettings().transport(),
                    () -> component.resources(endpoint.getSettings()))) {
                this.transport = lease.transport();
            }
        }

        ConnectionState state() {
            return transport.state();
        }
    }
}

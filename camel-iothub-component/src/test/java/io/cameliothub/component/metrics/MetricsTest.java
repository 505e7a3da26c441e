package io.cameliothub.component.metrics;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The component's figures over the real emulator, as Micrometer meters (read from a SimpleMeterRegistry bound the way
 * camel-micrometer binds its registry) and as JMX attributes of the endpoint.
 */
class MetricsTest extends EmulatorTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("metricsRegistry", meters);
        return context;
    }

    @Test
    void countsSentAcknowledgedFailedReconnectsTwinRequestsAndMethodCalls() throws Exception {
        DeviceInfo device = hub.registry().addDevice("metrics-d2c");
        String uri = uriFor(device, IotHubProtocol.MQTT, null);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to(uri);
                from(uriFor(device, IotHubProtocol.MQTT, "receive=methods")).setBody(constant("{\"ok\":true}"));
            }
        });

        for (int i = 0; i < 20; i++) {
            template.sendBody("direct:send", "message " + i);
        }
        for (int i = 0; i < 2; i++) {
            Exchange tooBig = template.send("direct:send", e -> e.getMessage().setBody(new byte[256 * 1024 + 1]));
            assertThat(tooBig.getException()).hasMessageContaining("IoT Hub accepts at most");
        }

        assertThat(count("messages.sent", device)).isEqualTo(22);
        assertThat(count("messages.acknowledged", device)).isEqualTo(20);
        assertThat(count("messages.failed", device)).isEqualTo(2);
        assertThat(gauge("messages.inflight", device)).isZero();
        assertThat(gauge("connected", device)).isEqualTo(1);
        assertThat(count("reconnects", device)).isZero();
        assertThat(meters.get("camel.iothub.messages.sent").tag("moduleId", "none").tag("protocol", "MQTT")
                .tag("hub", "hub.iothub.test").tag("camelContext", context.getName()).functionCounter()).isNotNull();

        hub.faults().dropConnection(device.deviceId());
        await().atMost(WAIT).until(() -> count("reconnects", device) == 1 && gauge("connected", device) == 1);
        template.sendBody("direct:send", "after the reconnect");
        assertThat(count("messages.acknowledged", device)).isEqualTo(21);

        Exchange twin = template.request(uri + "&operation=getTwin", e -> e.getMessage().setBody(null));
        assertThat(twin.getException()).isNull();
        assertThat(count("twin.requests", device)).isEqualTo(1);
        await().atMost(WAIT).until(() -> hub.methods().isSubscribed(Identity.device(device.deviceId())));
        assertThat(hub.invokeMethod(device.deviceId(), "ping", "{}").get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(count("methods.invoked", device)).isEqualTo(1);

        // the same figures as JMX attributes of the endpoint
        ObjectName endpoint = endpointMBean(device);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        assertThat(jmx.getAttribute(endpoint, "MessagesSent")).isEqualTo(23L);
        assertThat(jmx.getAttribute(endpoint, "MessagesAcknowledged")).isEqualTo(21L);
        assertThat(jmx.getAttribute(endpoint, "MessagesFailed")).isEqualTo(2L);
        assertThat(jmx.getAttribute(endpoint, "Reconnects")).isEqualTo(1L);
        assertThat(jmx.getAttribute(endpoint, "ConnectionState")).isEqualTo("CONNECTED");

        context.stop();
        assertThat(meters.find("camel.iothub.messages.sent").meters()).as("meters go with the last route").isEmpty();
    }

    @Test
    void countsCloudToDeviceCompletedAbandonedAndRejected() throws Exception {
        DeviceInfo flaky = hub.registry().addDevice("metrics-c2d-abandon");
        DeviceInfo refusing = hub.registry().addDevice("metrics-c2d-reject");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(flaky, IotHubProtocol.AMQPS, "c2dFailureOutcome=ABANDON")).process(e -> {
                    if ("flaky".equals(e.getMessage().getBody(String.class))
                        && e.getMessage().getHeader(IotHubConstants.DELIVERY_COUNT, Integer.class) == 1) {
                        throw new IllegalStateException("first delivery fails");
                    }
                });
                from(uriFor(refusing, IotHubProtocol.AMQPS, "c2dFailureOutcome=REJECT"))
                        .throwException(new IllegalStateException("refused"));
            }
        });

        hub.sendC2d(flaky.deviceId(), C2dMessage.builder().body("ok").messageId("ok-1").build());
        hub.sendC2d(flaky.deviceId(), C2dMessage.builder().body("flaky").messageId("flaky-1").build());
        hub.sendC2d(refusing.deviceId(), C2dMessage.builder().body("bad").messageId("bad-1").build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(flaky.deviceId()).entries())
                .extracting(e -> e.state()).containsOnly(C2dState.COMPLETED).hasSize(2));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(count("c2d.received", flaky)).isEqualTo(3);
            assertThat(count("c2d.completed", flaky)).isEqualTo(2);
            assertThat(count("c2d.abandoned", flaky)).isEqualTo(1);
            assertThat(count("c2d.rejected", refusing)).isEqualTo(1);
        });
        assertThat(count("c2d.rejected", flaky)).isZero();
        assertThat(count("c2d.received", refusing)).isEqualTo(1);
        assertThat(count("c2d.completed", refusing)).isZero();
        assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(endpointMBean(flaky), "C2dAbandoned"))
                .isEqualTo(1L);
    }

    private RequiredSearch meter(String name, DeviceInfo device) {
        return meters.get("camel.iothub." + name).tag("deviceId", device.deviceId());
    }

    private long count(String name, DeviceInfo device) {
        return (long) meter(name, device).functionCounter().count();
    }

    private long gauge(String name, DeviceInfo device) {
        return (long) meter(name, device).gauge().value();
    }

    private ObjectName endpointMBean(DeviceInfo device) throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(
                "org.apache.camel:context=" + context.getManagementName() + ",type=endpoints,*"), null);
        return names.stream().filter(n -> n.getKeyProperty("name").contains(device.deviceId())).findFirst()
                .orElseThrow(() -> new AssertionError("no endpoint MBean for " + device.deviceId() + " in " + names));
    }
}

package io.cameliothub.component.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * gatewayDevices: a gateway endpoint connects the devices it lists when it starts, in parallel over the emulator's
 * real AMQP/TLS sockets, tolerates the ones the hub refuses, fails to start when none connects, and keeps the listed
 * ones open while idle.
 */
class GatewayEagerConnectTest extends EmulatorTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger IDS = new AtomicInteger();

    private String gateway(String extra) {
        AccessPolicy policy = hub.registry().policy(DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow();
        return "iothub:?gateway=true&protocol=AMQPS&port=" + hub.amqpPort() + "&hostName=" + hub.hostName()
               + "&sharedAccessKeyName=" + policy.name() + "&sharedAccessKey=RAW(" + policy.primaryKey() + ")&" + extra;
    }

    private void route(String name, String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + name).routeId(name).to(uri);
            }
        });
    }

    private static List<String> register(String purpose, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> hub.registry().addDevice(purpose + "-" + IDS.incrementAndGet()).deviceId()).toList();
    }

    /** The live hub connections of these client ids (device or device/module). */
    private static Set<String> connected(List<String> clientIds) {
        return hub.connections().live().stream()
                .map(c -> c.moduleId() == null ? c.deviceId() : c.deviceId() + "/" + c.moduleId())
                .filter(clientIds::contains).collect(Collectors.toSet());
    }

    private Exchange send(String route, String deviceId) throws Exception {
        return template.asyncSend("direct:" + route, e -> {
            e.getMessage().setBody("m");
            e.getMessage().setHeader(IotHubConstants.DEVICE_ID, deviceId);
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void listedDevicesAndModulesAreConnectedWhenTheRouteStartsAndStayOpenWhileIdle() throws Exception {
        List<String> ids = new ArrayList<>(register("gw-eager", 300));
        hub.registry().addModule(ids.get(0), "filter");
        ids.add(ids.get(0) + "/filter");
        List<String> lazy = register("gw-lazy", 1);

        long start = System.nanoTime();
        route("eager", gateway("gatewayIdleTimeout=300ms&gatewayDevices=" + String.join(",", ids)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // start returned only once the hub had every listed device: no exchange was needed to connect them
        assertThat(connected(ids)).as("connected when start returned (%d ms)", millis).hasSize(ids.size());
        assertThat(hub.connections().live().stream().filter(c -> ids.contains(c.deviceId()))
                .map(ConnectionInfo::remoteAddress).distinct()).as("multiplexed on one AMQP connection").hasSize(1);

        assertThat(send("eager", lazy.get(0)).getException()).isNull();
        assertThat(send("eager", ids.get(1)).getException()).isNull();
        // the idle sweep closes the unlisted device, never the listed ones
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!connected(lazy).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(connected(lazy)).as("the unlisted device was closed as idle").isEmpty();
        assertThat(connected(ids)).as("listed devices stay open while idle").hasSize(ids.size());
        assertThat(hub.events().forDevice(ids.get(1))).hasSize(1);
    }

    @Test
    void devicesTheHubRefusesAreToleratedAndFailOnlyTheirOwnExchanges() throws Exception {
        List<String> good = register("gw-mixed", 5);
        String ghost = "gw-unknown-" + IDS.incrementAndGet();
        route("mixed", gateway("gatewayDevices=" + String.join(",", good) + "," + ghost));

        assertThat(connected(good)).hasSize(5);
        Exchange refused = send("mixed", ghost);
        assertThat(refused.getException()).isInstanceOf(IotHubException.class).hasMessageContaining(ghost);
        assertThat(send("mixed", good.get(2)).getException()).isNull();
        assertThat(hub.events().forDevice(good.get(2))).hasSize(1);
    }

    @Test
    void startFailsNamingTheOptionWhenNoListedDeviceConnects() throws Exception {
        String ghosts = "gw-ghost-" + IDS.incrementAndGet() + ",gw-ghost-" + IDS.incrementAndGet();
        Throwable failure = catchThrowable(() -> route("ghosts", gateway("gatewayDevices=" + ghosts)));
        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof IotHubException)) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IotHubException.class)
                .hasMessageContaining("None of the 2 devices in gatewayDevices connected").hasMessageContaining("2 refused");
        // the client closes its connection at once; the hub notices it a moment later
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.amqp().liveConnections())
                .as("nothing left open by the failed start").isZero());
    }

    @Test
    void theListMayBeABeanInTheRegistry() throws Exception {
        List<String> ids = register("gw-bean", 3);
        context.getRegistry().bind("gatewayIds", ids);
        route("bean", gateway("gatewayDevices=#gatewayIds"));
        assertThat(connected(ids)).hasSize(3);
    }
}

package io.cameliothub.component.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubDeviceKeyResolver;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One gateway endpoint (gateway=true) sending for many devices against the emulator over real TLS sockets: the device
 * from a header, tokens signed with the hub's "device" policy key or per-device keys from a resolver bean.
 */
class GatewayProducerTest extends EmulatorTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProducerTest.class);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger IDS = new AtomicInteger();

    private String policyGateway(IotHubProtocol protocol, String extra) {
        AccessPolicy policy = hub.registry().policy(DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow();
        return "iothub:?gateway=true&protocol=" + protocol + "&port=" + portOf(protocol) + "&hostName=" + hub.hostName()
               + "&sharedAccessKeyName=" + policy.name() + "&sharedAccessKey=RAW(" + policy.primaryKey() + ")"
               + (extra == null ? "" : "&" + extra);
    }

    private void gatewayRoute(String name, String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + name).to(uri);
            }
        });
    }

    private List<DeviceInfo> devices(String purpose, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> hub.registry().addDevice(purpose + "-" + IDS.incrementAndGet())).toList();
    }

    private CompletableFuture<Exchange> sendFor(String route, String deviceId, String body) {
        return template.asyncSend("direct:" + route, e -> {
            e.getMessage().setBody(body);
            if (deviceId != null) {
                e.getMessage().setHeader(IotHubConstants.DEVICE_ID, deviceId);
            }
        });
    }

    private static Set<String> liveConnections(List<DeviceInfo> devices) {
        Set<String> ids = devices.stream().map(DeviceInfo::deviceId).collect(Collectors.toSet());
        return hub.connections().live().stream().filter(c -> ids.contains(c.deviceId()))
                .map(ConnectionInfo::remoteAddress).collect(Collectors.toSet());
    }

    @Test
    void twoHundredDevicesThroughOneEndpointOverOneAmqpConnection() throws Exception {
        List<DeviceInfo> devices = devices("gw-amqp", 200);
        gatewayRoute("amqp", policyGateway(IotHubProtocol.AMQPS, null));

        long start = System.nanoTime();
        List<CompletableFuture<Exchange>> sent = devices.stream()
                .map(d -> sendFor("amqp", d.deviceId(), "hello from " + d.deviceId())).toList();
        for (CompletableFuture<Exchange> f : sent) {
            Exchange done = f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.getException()).as("exchange for %s", done.getMessage().getHeader(IotHubConstants.DEVICE_ID))
                    .isNull();
        }
        LOG.info("200 devices connected and acknowledged through one gateway endpoint in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        for (DeviceInfo d : devices) {
            List<D2cEvent> events = hub.events().forDevice(d.deviceId());
            assertThat(events).as("events of %s", d.deviceId()).hasSize(1);
            assertThat(events.get(0).bodyAsString()).isEqualTo("hello from " + d.deviceId());
        }
        assertThat(liveConnections(devices)).as("all 200 devices share one AMQP connection").hasSize(1);
    }

    @Test
    void aMissingHeaderFailsTheExchangeNamingIt() throws Exception {
        gatewayRoute("noheader", policyGateway(IotHubProtocol.AMQPS, null));
        Exchange done = sendFor("noheader", null, "lost?").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Header CamelIotHubDeviceId is missing");
    }

    @Test
    void aDeviceTheHubRefusesFailsOnlyItsOwnExchanges() throws Exception {
        List<DeviceInfo> good = devices("gw-good", 5);
        gatewayRoute("refused", policyGateway(IotHubProtocol.AMQPS, null));

        CompletableFuture<Exchange> ghost = sendFor("refused", "not-registered-" + IDS.incrementAndGet(), "x");
        List<CompletableFuture<Exchange>> sent = good.stream().map(d -> sendFor("refused", d.deviceId(), "ok")).toList();

        Exchange refused = ghost.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused.getException()).isInstanceOf(IotHubException.class).hasMessageContaining("not-registered-");
        for (CompletableFuture<Exchange> f : sent) {
            assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
        }
        // the refusal is remembered: the next exchange for that device fails at once, the others keep sending
        Exchange again = sendFor("refused", refused.getMessage().getHeader(IotHubConstants.DEVICE_ID, String.class), "y")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(again.getException()).isInstanceOf(IotHubException.class);
        assertThat(sendFor("refused", good.get(0).deviceId(), "still ok").get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .getException()).isNull();
        assertThat(good).allSatisfy(d -> assertThat(hub.events().forDevice(d.deviceId())).isNotEmpty());
    }

    @Test
    void mqttDevicesConnectOneEachAndIdleOnesAreClosed() throws Exception {
        List<DeviceInfo> devices = devices("gw-mqtt", 5);
        gatewayRoute("mqtt", policyGateway(IotHubProtocol.MQTT, "gatewayIdleTimeout=1s"));

        for (CompletableFuture<Exchange> f : devices.stream().map(d -> sendFor("mqtt", d.deviceId(), "m")).toList()) {
            assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(devices).allSatisfy(d -> assertThat(hub.events().forDevice(d.deviceId())).hasSize(1));
        assertThat(liveConnections(devices)).as("MQTT: one connection per device").hasSize(5);

        // twin operations go per device too, through the CamelIotHubOperation header
        hub.patchDesired(devices.get(1).deviceId(), "{\"interval\":5}");
        Exchange twin = template.asyncSend("direct:mqtt", e -> {
            e.getMessage().setHeader(IotHubConstants.DEVICE_ID, devices.get(1).deviceId());
            e.getMessage().setHeader(IotHubConstants.OPERATION, "getTwin");
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(twin.getException()).isNull();
        assertThat(twin.getMessage().getBody(String.class)).contains("\"interval\":5");

        await().atMost(WAIT).untilAsserted(() -> assertThat(liveConnections(devices)).as("idle devices closed").isEmpty());

        // a closed device reconnects on its next message
        assertThat(sendFor("mqtt", devices.get(0).deviceId(), "back").get(WAIT.toSeconds(), TimeUnit.SECONDS)
                .getException()).isNull();
        assertThat(hub.events().forDevice(devices.get(0).deviceId())).hasSize(2);
    }

    @Test
    void perDeviceKeysComeFromAResolverBean() throws Exception {
        List<DeviceInfo> devices = devices("gw-keys", 3);
        Map<String, String> keys = devices.stream().collect(Collectors.toMap(DeviceInfo::deviceId, DeviceInfo::primaryKey));
        AtomicInteger lookups = new AtomicInteger();
        IotHubDeviceKeyResolver resolver = (deviceId, moduleId) -> {
            lookups.incrementAndGet();
            return deviceId.equals("broken-key") ? "not base64 !" : keys.get(deviceId);
        };
        context.getRegistry().bind("deviceKeys", resolver);
        gatewayRoute("keys", "iothub:?gateway=true&protocol=AMQPS&port=" + hub.amqpPort() + "&hostName="
                             + hub.hostName() + "&deviceKeyResolver=#deviceKeys");

        for (int round = 0; round < 2; round++) {
            for (CompletableFuture<Exchange> f : devices.stream().map(d -> sendFor("keys", d.deviceId(), "k")).toList()) {
                assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
            }
        }
        assertThat(devices).allSatisfy(d -> assertThat(hub.events().forDevice(d.deviceId())).hasSize(2));
        assertThat(lookups).as("one look-up per device connection, not per message").hasValue(3);

        Exchange unknown = sendFor("keys", "no-key-here", "k").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(unknown.getException()).isInstanceOf(IotHubException.class)
                .hasMessageContaining("deviceKeyResolver has no key for no-key-here");
        Exchange broken = sendFor("keys", "broken-key", "k").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(broken.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The deviceKeyResolver's key for broken-key: sharedAccessKey is not valid Base64")
                .hasMessageNotContaining("not base64 !");
    }

    @Test
    void modulesAreNamedByTheirHeaderAndABadIdNamesTheHeader() throws Exception {
        DeviceInfo device = devices("gw-mod", 1).get(0);
        hub.registry().addModule(device.deviceId(), "filter");
        gatewayRoute("module", policyGateway(IotHubProtocol.AMQPS, null));

        Exchange done = template.asyncSend("direct:module", e -> {
            e.getMessage().setBody("from the module");
            e.getMessage().setHeader(IotHubConstants.DEVICE_ID, device.deviceId());
            e.getMessage().setHeader(IotHubConstants.MODULE_ID, "filter");
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        D2cEvent event = hub.events().forDevice(device.deviceId()).get(0);
        assertThat(event.moduleId()).isEqualTo("filter");
        assertThat(event.bodyAsString()).isEqualTo("from the module");

        Exchange bad = sendFor("module", "no spaces allowed", "x").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(bad.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Header CamelIotHubDeviceId").hasMessageContaining("'no spaces allowed' is not valid");
    }

    @Test
    void idleAmqpDevicesLeaveAndTheConnectionCloses() throws Exception {
        List<DeviceInfo> devices = devices("gw-idle", 3);
        // the policy's connection string, as the portal shows it, in place of hostName and the key options
        gatewayRoute("idle", "iothub:?gateway=true&protocol=AMQPS&port=" + hub.amqpPort() + "&gatewayIdleTimeout=1s"
                             + "&connectionString=RAW(" + hub.serviceConnectionString("device") + ")");
        for (CompletableFuture<Exchange> f : devices.stream().map(d -> sendFor("idle", d.deviceId(), "i")).toList()) {
            assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
        }
        assertThat(liveConnections(devices)).hasSize(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(liveConnections(devices)).as("idle devices closed").isEmpty());
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.amqp().liveConnections())
                .as("the AMQP connection closed with its last device").isZero());
    }

    @Test
    void aDeviceDisabledWhileConnectedFailsUntilItIsEnabledAgain() throws Exception {
        DeviceInfo device = devices("gw-disabled", 1).get(0);
        gatewayRoute("disabled", policyGateway(IotHubProtocol.AMQPS, null));
        assertThat(sendFor("disabled", device.deviceId(), "1").get(WAIT.toSeconds(), TimeUnit.SECONDS).getException())
                .isNull();

        hub.registry().setEnabled(device.deviceId(), false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sendFor("disabled", device.deviceId(), "while disabled")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isInstanceOf(IotHubException.class));

        hub.registry().setEnabled(device.deviceId(), true);
        // the refusal is kept for reconnectMaxBackoff (1 s in these tests), then the device connects again
        await().atMost(WAIT).untilAsserted(() -> assertThat(sendFor("disabled", device.deviceId(), "back")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS).getException()).isNull());
        assertThat(hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::bodyAsString)).contains("1", "back")
                .doesNotContain("while disabled");
    }
}

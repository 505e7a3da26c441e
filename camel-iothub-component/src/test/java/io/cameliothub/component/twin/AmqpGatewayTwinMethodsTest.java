package io.cameliothub.component.twin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.methods.MethodResponse;
import io.vertx.core.json.JsonObject;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A field gateway: 200 devices on one AMQP connection, each answering direct methods, some receiving desired changes.
 * After the whole connection drops, every device's method and twin links come back: every method is answered and
 * every desired change arrives.
 */
class AmqpGatewayTwinMethodsTest extends EmulatorTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpGatewayTwinMethodsTest.class);
    private static final int DEVICES = 200;
    private static final int WITH_DESIRED = 20;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void everyDeviceAnswersMethodsAndGetsDesiredChangesAfterTheGatewayConnectionDropped() throws Exception {
        List<DeviceInfo> devices = IntStream.range(0, DEVICES)
                .mapToObj(i -> hub.registry().addDevice("gw-twin-" + i)).toList();
        List<DeviceInfo> watching = devices.subList(0, WITH_DESIRED);
        Map<String, List<JsonObject>> desired = new ConcurrentHashMap<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (DeviceInfo d : devices) {
                    from(uriFor(d, IotHubProtocol.AMQPS, "receive=methods&methodTimeout=5s"))
                            .setBody(simple("{\"device\":\"" + d.deviceId() + "\",\"asked\":${body}}"));
                }
                for (DeviceInfo d : watching) {
                    from(uriFor(d, IotHubProtocol.AMQPS, "receive=desiredProperties&initialDesiredProperties=false"))
                            .process(e -> desired.computeIfAbsent(d.deviceId(), k -> new CopyOnWriteArrayList<>())
                                    .add(new JsonObject(e.getMessage().getBody(String.class))));
                }
            }
        });
        awaitSubscribed(devices, watching);
        assertThat(remoteAddresses(devices)).as("one gateway connection").hasSize(1);

        long dropped = System.nanoTime();
        hub.faults().dropAllConnections();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> devices.stream()
                .allMatch(d -> hub.connections().totalAccepted(d.deviceId()) == 2));
        awaitSubscribed(devices, watching);
        LOG.info("{} devices resubscribed their method and twin links in {} ms", DEVICES,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped));
        assertThat(remoteAddresses(devices)).as("back on one new connection").hasSize(1);

        List<CompletableFuture<MethodResponse>> calls = devices.stream()
                .map(d -> hub.invokeMethod(d.deviceId(), "ping", "{\"n\":1}", Duration.ofSeconds(15),
                        Duration.ofSeconds(5)))
                .toList();
        watching.forEach(d -> hub.patchDesired(d.deviceId(), "{\"rate\":7}"));

        for (int i = 0; i < DEVICES; i++) {
            MethodResponse r = calls.get(i).get(20, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            JsonObject body = new JsonObject(r.payloadJson());
            assertThat(body.getString("device")).isEqualTo(devices.get(i).deviceId());
            assertThat(body.getJsonObject("asked").getInteger("n")).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> watching.stream().allMatch(d -> desired.containsKey(d.deviceId())));
        assertThat(watching).allSatisfy(d -> assertThat(desired.get(d.deviceId()))
                .singleElement().satisfies(patch -> assertThat(patch.getInteger("rate")).isEqualTo(7)));
    }

    private static void awaitSubscribed(List<DeviceInfo> devices, List<DeviceInfo> watching) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> devices.stream()
                .allMatch(d -> hub.methods().isSubscribed(Identity.device(d.deviceId())))
                && watching.stream().allMatch(d -> hub.twins().isSubscribedToDesired(Identity.device(d.deviceId()))));
    }

    private static Set<String> remoteAddresses(List<DeviceInfo> devices) {
        return devices.stream()
                .map(d -> hub.connections().live(d.deviceId()).map(ConnectionInfo::remoteAddress).orElse("none"))
                .collect(Collectors.toSet());
    }
}

package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.methods.MethodResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Twin and method topics with plain Paho: error bodies, version conflicts, limits, and subscriptions kept by the session. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoTwinMethodsTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long WAIT_S = 20;

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private static PahoClients.Recorder connect(DeviceInfo d, boolean cleanSession) throws MqttException {
        PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId());
        MqttConnectOptions o = PahoClients.options(HUB, d.identity(), d.primaryKey());
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(30);
        r.client.connect(o);
        return r;
    }

    private static PahoClients.Received next(PahoClients.Recorder r) throws InterruptedException {
        PahoClients.Received m = r.messages.poll(WAIT_S, TimeUnit.SECONDS);
        assertThat(m).as("a message from the hub").isNotNull();
        return m;
    }

    private static int errorCode(PahoClients.Received m) {
        return new JsonObject(m.body()).getInteger("errorCode");
    }

    private static void publish(PahoClients.Recorder r, String topic, String body) throws MqttException {
        r.client.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void twinRequestsGetResponsesAndErrorBodiesWithoutLosingTheConnection() throws Exception {
        DeviceInfo d = HUB.addDevice("paho-twin-" + IDS.incrementAndGet());
        try (PahoClients.Recorder r = connect(d, true)) {
            publish(r, "$iothub/twin/GET/?$rid=early", "");
            r.client.subscribe("$iothub/twin/res/#", 0);
            assertThat(r.messages.poll(300, TimeUnit.MILLISECONDS)).as("no response before the subscription").isNull();

            publish(r, "$iothub/twin/GET/?$rid=1", "");
            PahoClients.Received get = next(r);
            assertThat(get.topic()).isEqualTo("$iothub/twin/res/200/?$rid=1");
            assertThat(get.body()).isEqualTo("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");

            publish(r, "$iothub/twin/PATCH/properties/reported/?$rid=2&$version=1", "{\"a\":{\"b\":1}}");
            assertThat(next(r).topic()).isEqualTo("$iothub/twin/res/204/?$rid=2&$version=2");

            publish(r, "$iothub/twin/PATCH/properties/reported/?$rid=3", "{not json");
            PahoClients.Received bad = next(r);
            assertThat(bad.topic()).isEqualTo("$iothub/twin/res/400/?$rid=3");
            assertThat(errorCode(bad)).isEqualTo(400004);

            publish(r, "$iothub/twin/PATCH/properties/reported/?$rid=4&$version=1", "{\"a\":null}");
            PahoClients.Received conflict = next(r);
            assertThat(conflict.topic()).isEqualTo("$iothub/twin/res/412/?$rid=4");
            assertThat(errorCode(conflict)).isEqualTo(412001);

            publish(r, "$iothub/twin/PATCH/properties/reported/?$rid=5", "{\"big\":\"" + "x".repeat(4000) + "\","
                    + "\"k\":" + new JsonObject().put("s1", "y".repeat(4000)).put("s2", "y".repeat(4000))
                    .put("s3", "y".repeat(4000)).put("s4", "y".repeat(4000)).put("s5", "y".repeat(4000))
                    .put("s6", "y".repeat(4000)).put("s7", "y".repeat(4000)).put("s8", "y".repeat(4000)).encode() + "}");
            assertThat(next(r).topic()).isEqualTo("$iothub/twin/res/400/?$rid=5");

            publish(r, "$iothub/twin/PATCH/properties/reported/?$rid=6&$version=two", "{}");
            assertThat(next(r).topic()).isEqualTo("$iothub/twin/res/400/?$rid=6");
            publish(r, "$iothub/twin/DELETE/?$rid=7", "");
            assertThat(next(r).topic()).isEqualTo("$iothub/twin/res/400/?$rid=7");

            assertThat(r.client.isConnected()).isTrue();
            assertThat(HUB.twin(d.deviceId()).reported().encode()).isEqualTo("{\"a\":{\"b\":1}}");
            assertThat(HUB.twin(d.deviceId()).reportedVersion()).isEqualTo(2);
        }
    }

    @Test
    void subscriptionsSurviveAReconnectWithCleanSessionFalseOnly() throws Exception {
        DeviceInfo d = HUB.addDevice("paho-session-" + IDS.incrementAndGet());
        try (PahoClients.Recorder first = connect(d, false)) {
            first.client.subscribe(new String[] {"$iothub/twin/PATCH/properties/desired/#", "$iothub/methods/POST/#"},
                    new int[] {1, 1});
            first.client.disconnect();
        }
        try (PahoClients.Recorder again = connect(d, false)) {
            HUB.patchDesired(d.deviceId(), "{\"k\":\"v\"}");
            PahoClients.Received desired = next(again);
            assertThat(desired.topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
            assertThat(new JsonObject(desired.body())).isEqualTo(new JsonObject("{\"k\":\"v\",\"$version\":2}"));
            assertThat(desired.message().getQos()).isZero();

            CompletableFuture<MethodResponse> call = HUB.invokeMethod(d.deviceId(), "reboot", "{\"in\":1}");
            PahoClients.Received request = next(again);
            Matcher m = Pattern.compile("\\$iothub/methods/POST/reboot/\\?\\$rid=([0-9a-f-]+)").matcher(request.topic());
            assertThat(m.matches()).as(request.topic()).isTrue();
            assertThat(request.body()).isEqualTo("{\"in\":1}");
            publish(again, "$iothub/methods/res/200/?$rid=unknown", "{}");
            publish(again, "$iothub/methods/res/200/?$rid=" + m.group(1), "not json");
            MethodResponse response = call.get(WAIT_S, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.payload()).isEqualTo("not json");
        }
        try (PahoClients.Recorder clean = connect(d, true)) {
            assertThat(HUB.twins().isSubscribedToDesired(d.identity())).isFalse();
            assertThat(HUB.invokeMethod(d.deviceId(), "reboot", null)).failsWithin(Duration.ofSeconds(WAIT_S))
                    .withThrowableThat().withMessageContaining("404103");
            assertThat(clean.client.isConnected()).isTrue();
        }
    }
}

package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import io.cameliothub.emulator.methods.MethodResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Twin and methods links with a plain AMQP client: value types, correlation-id echo, error statuses, desired updates. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmqpTwinMethodsTest {

    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final List<ProtonPeer> peers = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peers.forEach(ProtonPeer::close);
    }

    private ProtonPeer authenticated(DeviceInfo d) {
        ProtonPeer p = ProtonPeer.connect(HUB, "ANONYMOUS", null, null);
        peers.add(p);
        String audience = HUB.hostName() + "/devices/" + d.deviceId();
        assertThat(p.putToken("servicebus.windows.net:sastoken", audience,
                SasTokens.create(audience, d.primaryKey(), Duration.ofHours(1)))).isEqualTo(200);
        return p;
    }

    private static Message request(Object correlationId, String operation, String resource, Object version, String body) {
        Message m = Message.Factory.create();
        m.setCorrelationId(correlationId);
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(Symbol.valueOf("operation"), operation);
        if (resource != null) {
            annotations.put(Symbol.valueOf("resource"), resource);
        }
        if (version != null) {
            annotations.put(Symbol.valueOf("version"), version);
        }
        m.setMessageAnnotations(new MessageAnnotations(annotations));
        m.setBody(new Data(new Binary((body == null ? " " : body).getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    private static Message next(ProtonPeer.Link link) throws InterruptedException {
        ProtonPeer.Received r = link.received.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a message from the hub").isNotNull();
        return r.message();
    }

    private static Object annotation(Message m, String name) {
        return m.getMessageAnnotations().getValue().get(Symbol.valueOf(name));
    }

    private static String body(Message m) {
        return m.getBody() == null ? null
                : new String(((Data) m.getBody()).getValue().getArray(), StandardCharsets.UTF_8);
    }

    @Test
    void twinRequestsEchoTheCorrelationIdTypeAndUseIotHubValueTypes() throws Exception {
        DeviceInfo d = HUB.addDevice("amqp-twin-" + IDS.incrementAndGet());
        ProtonPeer peer = authenticated(d);
        String address = "amqps://" + HUB.hostName() + "/devices/" + d.deviceId() + "/twin";
        ProtonPeer.Link requests = peer.sender(address);
        ProtonPeer.Link responses = peer.receiver("/DEVICES/" + d.deviceId() + "/Twin");
        assertThat(requests.closed).isNotDone();

        assertThat((Object) requests.send(request("get-1", "GET", null, null, null))).isInstanceOf(Accepted.class);
        Message get = next(responses);
        assertThat(get.getCorrelationId()).isEqualTo("get-1");
        assertThat(annotation(get, "status")).isEqualTo(200);
        assertThat(new JsonObject(body(get)).getJsonObject("reported").getInteger("$version")).isEqualTo(1);

        UUID patchId = UUID.randomUUID();
        requests.send(request(patchId, "PATCH", "/properties/reported", 1, "{\"fw\":\"2\"}"));
        Message patched = next(responses);
        assertThat(patched.getCorrelationId()).isEqualTo(patchId);
        assertThat(annotation(patched, "status")).isEqualTo(204);
        assertThat(annotation(patched, "version")).isEqualTo(2L);
        assertThat(patched.getBody()).isNull();

        requests.send(request("bad", "PATCH", "/properties/reported", null, "[1,2]"));
        Message bad = next(responses);
        assertThat(annotation(bad, "status")).isEqualTo(400);
        assertThat(new JsonObject(body(bad)).getInteger("errorCode")).isEqualTo(400004);
        requests.send(request("stale", "PATCH", "/properties/reported", 1L, "{\"fw\":\"3\"}"));
        assertThat(annotation(next(responses), "status")).isEqualTo(412);
        requests.send(request("odd", "POST", null, null, null));
        assertThat(annotation(next(responses), "status")).isEqualTo(400);

        HUB.patchDesired(d.deviceId(), "{\"before\":1}");
        requests.send(request("sub", "PUT", "/notifications/twin/properties/desired", null, null));
        Message subscribed = next(responses);
        assertThat(subscribed.getCorrelationId()).isEqualTo("sub");
        assertThat(annotation(subscribed, "status")).isEqualTo(200);
        HUB.patchDesired(d.deviceId(), "{\"after\":2}");
        Message desired = next(responses);
        assertThat(desired.getCorrelationId()).isNull();
        assertThat(annotation(desired, "resource")).isEqualTo("/properties/desired");
        assertThat(annotation(desired, "version")).isEqualTo(3L);
        assertThat(new JsonObject(body(desired))).isEqualTo(new JsonObject("{\"after\":2,\"$version\":3}"));
        assertThat(HUB.twin(d.deviceId()).reported().getString("fw")).isEqualTo("2");
    }

    @Test
    void methodRequestsCarryUuidCorrelationIdsAndAnswersMatchByText() throws Exception {
        DeviceInfo d = HUB.addDevice("amqp-method-" + IDS.incrementAndGet());
        ProtonPeer peer = authenticated(d);
        String address = "/devices/" + d.deviceId() + "/methods/devicebound";
        ProtonPeer.Link answers = peer.sender(address);
        assertThat(HUB.methods().isSubscribed(d.identity())).as("only the receiver subscribes").isFalse();
        ProtonPeer.Link calls = peer.receiver(address);

        CompletableFuture<MethodResponse> call = HUB.invokeMethod(d.deviceId(), "getVin", "{\"x\":1}");
        Message request = next(calls);
        assertThat(request.getCorrelationId()).isInstanceOf(UUID.class);
        assertThat(request.getApplicationProperties().getValue()).containsEntry("IoThub-methodname", "getVin");
        assertThat(body(request)).isEqualTo("{\"x\":1}");

        Message answer = Message.Factory.create();
        answer.setCorrelationId(request.getCorrelationId().toString());
        answer.setApplicationProperties(new ApplicationProperties(Map.of("IoThub-status", 201)));
        answer.setBody(new Data(new Binary("{\"vin\":\"W0L\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat((Object) answers.send(answer)).isInstanceOf(Accepted.class);
        MethodResponse response = call.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.payloadJson()).isEqualTo("{\"vin\":\"W0L\"}");

        ProtonPeer.Link stealer = peer.receiver(address);
        assertThat((Object) calls.closed.get(10, TimeUnit.SECONDS).getCondition()).isEqualTo(Symbol.valueOf("amqp:link:stolen"));
        CompletableFuture<MethodResponse> second = HUB.invokeMethod(d.deviceId(), "again", null);
        assertThat(next(stealer).getApplicationProperties().getValue()).containsEntry("IoThub-methodname", "again");
        assertThat(second).isNotDone();
    }
}

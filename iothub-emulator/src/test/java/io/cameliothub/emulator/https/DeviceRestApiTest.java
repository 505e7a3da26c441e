package io.cameliothub.emulator.https;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.core.SasTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device REST API, request by request, with the JDK's HTTP client over TLS on an ephemeral port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceRestApiTest {

    private static final String API = "?api-version=2020-09-30";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().c2dLockTimeout(Duration.ofMillis(700))
            .build();

    private final HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext())
            .version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void endFaults() {
        HUB.faults().reset();
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("rest-" + IDS.incrementAndGet());
    }

    private static String token(String resource, String key) {
        return SasTokens.create(HUB.hostName() + "/" + resource, key, Duration.ofMinutes(10));
    }

    private static String token(DeviceInfo d) {
        return token("devices/" + d.deviceId(), d.primaryKey());
    }

    private HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort() + pathAndQuery))
                .timeout(WAIT);
        return token == null ? b : b.header("Authorization", token);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, String token, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    private HttpResponse<byte[]> receive(DeviceInfo d) throws Exception {
        return send(request("/devices/" + d.deviceId() + "/messages/devicebound" + API, token(d)).GET().build());
    }

    private HttpResponse<byte[]> delete(String path, String token) throws Exception {
        return send(request(path, token).DELETE().build());
    }

    private static String lockToken(HttpResponse<?> response) {
        String etag = response.headers().firstValue("etag").orElseThrow();
        assertThat(etag).as("ETag is quoted").startsWith("\"").endsWith("\"");
        return etag.substring(1, etag.length() - 1);
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsASingleEventWithHeadersAsProperties() throws Exception {
        DeviceInfo d = newDevice();
        HttpResponse<byte[]> r = post("/devices/" + d.deviceId() + "/messages/events" + API, token(d),
                "binary/octet-stream", "hello".getBytes(StandardCharsets.UTF_8),
                "iothub-messageid", "m-1", "iothub-correlationid", "c-1", "iothub-contenttype", "text/plain",
                "iothub-contentencoding", "utf-8", "iothub-app-Color", "red", "iothub-to",
                "/devices/" + d.deviceId() + "/messages/events", "User-Agent", "test");

        assertThat(r.statusCode()).isEqualTo(204);
        D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
        assertThat(e.bodyAsString()).isEqualTo("hello");
        assertThat(e.protocol()).isEqualTo(Protocol.HTTPS);
        assertThat(e.messageId()).isEqualTo("m-1");
        assertThat(e.correlationId()).isEqualTo("c-1");
        assertThat(e.contentType()).isEqualTo("text/plain");
        assertThat(e.contentEncoding()).isEqualTo("utf-8");
        assertThat(e.applicationProperties()).containsExactly(java.util.Map.entry("Color", "red"));
    }

    @Test
    void sendsBatchesWithBase64TrueFalseOrAbsent() throws Exception {
        DeviceInfo d = newDevice();
        String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        String batch = "[{\"body\":\"" + b64 + "\",\"base64Encoded\":true,\"properties\":{\"iothub-app-k\":\"v1\","
                + "\"iothub-messageid\":\"b-1\"}},"
                + "{\"body\":\"plain text\",\"base64Encoded\":false,\"properties\":{\"iothub-app-k\":\"v2\"}},"
                + "{\"body\":\"no flag\",\"properties\":{\"iothub-correlationid\":\"c-3\"}}]";

        HttpResponse<byte[]> r = post("/devices/" + d.deviceId() + "/messages/events" + API, token(d),
                "application/vnd.microsoft.iothub.json", batch.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(204);
        List<D2cEvent> events = HUB.events().awaitCount(d.deviceId(), 3, WAIT);
        assertThat(events.get(0).body()).containsExactly(1, 2, 3);
        assertThat(events.get(0).messageId()).isEqualTo("b-1");
        assertThat(events.get(0).applicationProperties()).containsEntry("k", "v1");
        assertThat(events.get(1).bodyAsString()).isEqualTo("plain text");
        assertThat(events.get(1).applicationProperties()).containsEntry("k", "v2");
        assertThat(events.get(2).bodyAsString()).isEqualTo("no flag");
        assertThat(events.get(2).correlationId()).isEqualTo("c-3");
    }

    @Test
    void refusesMalformedAndOversizeBatches() throws Exception {
        DeviceInfo d = newDevice();
        String path = "/devices/" + d.deviceId() + "/messages/events" + API;
        HttpResponse<byte[]> bad = post(path, token(d), "application/vnd.microsoft.iothub.json",
                "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad)).contains("\"errorCode\":400004");

        String big = "[{\"body\":\"" + "a".repeat(256 * 1024) + "\"}]";
        HttpResponse<byte[]> tooLarge = post(path, token(d), "application/vnd.microsoft.iothub.json",
                big.getBytes(StandardCharsets.UTF_8));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(body(tooLarge)).contains("\"errorCode\":413001");
        assertThat(tooLarge.headers().firstValue("iothub-errorcode")).hasValue("MessageTooLarge");
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
    }

    @Test
    void receivesWithLockTokenAndHeadersThenCompletes() throws Exception {
        DeviceInfo d = newDevice();
        assertThat(receive(d).statusCode()).as("empty queue").isEqualTo(204);
        String id = HUB.sendC2d(d.deviceId(), C2dMessage.builder().body("on").messageId("cmd-1").correlationId("c-9")
                .contentType("text/plain").property("mode", "fast").build());

        HttpResponse<byte[]> r = receive(d);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("on");
        assertThat(r.headers().firstValue("iothub-messageid")).hasValue("cmd-1");
        assertThat(r.headers().firstValue("iothub-correlationid")).hasValue("c-9");
        assertThat(r.headers().firstValue("iothub-deliverycount")).hasValue("1");
        assertThat(r.headers().firstValue("iothub-to")).hasValue("/devices/" + d.deviceId() + "/messages/devicebound");
        assertThat(r.headers().firstValue("iothub-sequencenumber")).isPresent();
        assertThat(r.headers().firstValue("iothub-enqueuedtime")).isPresent();
        assertThat(r.headers().firstValue("contenttype")).hasValue("text/plain");
        assertThat(r.headers().firstValue("iothub-app-mode")).hasValue("fast");
        assertThat(HUB.c2dQueue(d.deviceId()).entry(id).map(C2dEntry::state)).hasValue(C2dState.INVISIBLE);

        String lock = lockToken(r);
        HttpResponse<byte[]> done = delete("/devices/" + d.deviceId() + "/messages/deviceBound/" + lock + API, token(d));
        assertThat(done.statusCode()).isEqualTo(204);
        assertThat(HUB.c2dQueue(d.deviceId()).entry(id).map(C2dEntry::state)).hasValue(C2dState.COMPLETED);

        HttpResponse<byte[]> again = delete("/devices/" + d.deviceId() + "/messages/devicebound/" + lock + API, token(d));
        assertThat(again.statusCode()).as("a used lock token is stale").isEqualTo(412);
        assertThat(body(again)).contains("\"errorCode\":412001");
    }

    @Test
    void rejectIsReadTolerantly() throws Exception {
        DeviceInfo d = newDevice();
        for (String query : List.of(API + "&reject", API + "&%3Freject=true", API + "&reject=true")) {
            String id = HUB.sendC2d(d.deviceId(), C2dMessage.of("bad " + query));
            String lock = lockToken(receive(d));
            HttpResponse<byte[]> r = delete("/devices/" + d.deviceId() + "/messages/devicebound/" + lock + query,
                    token(d));
            assertThat(r.statusCode()).as(query).isEqualTo(204);
            assertThat(HUB.c2dQueue(d.deviceId()).entry(id)).get().as(query).satisfies(e -> {
                assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
                assertThat(e.deadLetterReason()).isEqualTo("Rejected");
            });
        }
    }

    @Test
    void abandonPutsTheMessageBackAndAnExpiredLockIsStale() throws Exception {
        DeviceInfo d = newDevice();
        String id = HUB.sendC2d(d.deviceId(), C2dMessage.of("retry me"));
        String lock = lockToken(receive(d));

        HttpResponse<byte[]> r = post("/devices/" + d.deviceId() + "/messages/devicebound/" + lock + "/abandon" + API,
                token(d), null, new byte[1]);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(HUB.c2dQueue(d.deviceId()).entry(id).map(C2dEntry::state)).hasValue(C2dState.ENQUEUED);

        HttpResponse<byte[]> second = receive(d);
        assertThat(second.headers().firstValue("iothub-deliverycount")).hasValue("2");
        Thread.sleep(900); // past the 700 ms lock
        HttpResponse<byte[]> late = delete("/devices/" + d.deviceId() + "/messages/devicebound/" + lockToken(second)
                + API, token(d));
        assertThat(late.statusCode()).isEqualTo(412);
        assertThat(HUB.c2dQueue(d.deviceId()).entry(id).map(C2dEntry::state)).hasValue(C2dState.ENQUEUED);
    }

    @Test
    void anotherDevicesLockTokenIsStale() throws Exception {
        DeviceInfo owner = newDevice();
        DeviceInfo other = newDevice();
        HUB.sendC2d(owner.deviceId(), C2dMessage.of("mine"));
        String lock = lockToken(receive(owner));

        HttpResponse<byte[]> r = delete("/devices/" + other.deviceId() + "/messages/devicebound/" + lock + API,
                token(other));

        assertThat(r.statusCode()).isEqualTo(412);
    }

    @Test
    void modulesHaveTheirOwnPaths() throws Exception {
        DeviceInfo d = newDevice();
        ModuleInfo m = HUB.addModule(d.deviceId(), "mod-1");
        String moduleToken = token("devices/" + d.deviceId() + "/modules/mod-1", m.primaryKey());
        String base = "/devices/" + d.deviceId() + "/modules/mod-1/messages/";

        assertThat(post(base + "events" + API, moduleToken, null, "from module".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(204);
        D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
        assertThat(e.moduleId()).isEqualTo("mod-1");

        String id = HUB.sendC2d(d.deviceId(), "mod-1", C2dMessage.of("to module"));
        HttpResponse<byte[]> r = send(request(base + "DeviceBound" + API, moduleToken).GET().build());
        assertThat(body(r)).isEqualTo("to module");
        assertThat(delete(base + "devicebound/" + lockToken(r) + API, moduleToken).statusCode()).isEqualTo(204);
        assertThat(HUB.hub().c2dQueue(d.deviceId(), "mod-1").entry(id).map(C2dEntry::state)).hasValue(C2dState.COMPLETED);

        assertThat(post(base + "events" + API, token(d), null, new byte[1]).statusCode())
                .as("the device's token does not cover its module").isEqualTo(401);
    }

    @Test
    void refusalsCarryIotHubStatusAndErrorCodes() throws Exception {
        DeviceInfo d = newDevice();
        String events = "/devices/" + d.deviceId() + "/messages/events";
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> noVersion = post(events, token(d), null, x);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(body(noVersion)).contains("api-version");

        assertThat(post(events + API, null, null, x).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> wrongKey = post(events + API, token("devices/" + d.deviceId(),
                DeviceRegistry.generateKey()), null, x);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(body(wrongKey)).contains("\"errorCode\":401003").doesNotContain("sig=");

        HUB.registry().addDevice("rest-gone");
        String goneToken = token("devices/rest-gone", HUB.registry().device("rest-gone").orElseThrow().primaryKey());
        HUB.registry().setEnabled("rest-gone", false);
        HttpResponse<byte[]> disabled = post("/devices/rest-gone/messages/events" + API, goneToken, null, x);
        assertThat(disabled.statusCode()).isEqualTo(404);
        assertThat(body(disabled)).contains("\"errorCode\":404001");

        HttpResponse<byte[]> tooLarge = post(events + API, token(d), null, new byte[256 * 1024 + 1]);
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        assertThat(send(request("/devices/" + d.deviceId() + "/twin" + API, token(d)).GET().build()).statusCode())
                .isEqualTo(404);
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
    }

    @Test
    void throttlingAnswers429WithRetryAfter() throws Exception {
        DeviceInfo d = newDevice();
        HUB.faults().throttle(Duration.ofSeconds(30));

        HttpResponse<byte[]> r = post("/devices/" + d.deviceId() + "/messages/events" + API, token(d), null,
                "x".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(body(r)).contains("\"errorCode\":429001");
        assertThat(r.headers().firstValue("retry-after")).as("seconds until the throttling ends").hasValue("30");
        assertThat(receive(d).statusCode()).isEqualTo(429);

        HUB.faults().reset();
        assertThat(receive(d).statusCode()).isEqualTo(204);
    }
}

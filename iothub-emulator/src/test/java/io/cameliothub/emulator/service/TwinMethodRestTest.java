package io.cameliothub.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.SasTokens;
import io.cameliothub.emulator.methods.MethodRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Twins and direct methods on the service REST API with the JDK's HTTP client: shapes, etags and every error path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwinMethodRestTest {

    private static final String API = "?api-version=2021-04-12";
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext())
            .version(HttpClient.Version.HTTP_1_1).build();

    private static String token(String policy) {
        AccessPolicy p = HUB.registry().policy(policy).orElseThrow();
        return SasTokens.create(HUB.hostName().toLowerCase(), p.primaryKey(), p.name(), Duration.ofMinutes(10),
                Clock.systemUTC());
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return sendAs(token("iothubowner"), method, path, body, headers);
    }

    private HttpResponse<String> sendAs(String token, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort() + path + API))
                .timeout(Duration.ofSeconds(20)).header("Authorization", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int errorCode(HttpResponse<String> response) {
        return new JsonObject(new JsonObject(response.body()).getString("Message")).getInteger("errorCode");
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("rest-twin-" + IDS.incrementAndGet());
    }

    @Test
    void getsPatchesAndReplacesTwinsWithEtags() throws Exception {
        DeviceInfo d = newDevice();
        String path = "/twins/" + d.deviceId();
        HttpResponse<String> fresh = send("GET", path, null);
        assertThat(fresh.statusCode()).isEqualTo(200);
        JsonObject twin = new JsonObject(fresh.body());
        assertThat(twin.getString("deviceId")).isEqualTo(d.deviceId());
        assertThat(twin.getJsonObject("properties").encode())
                .isEqualTo("{\"desired\":{\"$version\":1},\"reported\":{\"$version\":1}}");
        String etag = twin.getString("etag");
        assertThat(fresh.headers().firstValue("ETag")).contains("\"" + etag + "\"");

        HttpResponse<String> patched = send("PATCH", path, "{\"tags\":{\"site\":\"a\"},\"properties\":{\"desired\":"
                + "{\"x\":{\"y\":1}}}}", "If-Match", "\"" + etag + "\"");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonObject after = new JsonObject(patched.body());
        assertThat(after.getJsonObject("tags").getString("site")).isEqualTo("a");
        assertThat(after.getJsonObject("properties").getJsonObject("desired").getInteger("$version")).isEqualTo(2);
        assertThat(after.getString("etag")).isNotEqualTo(etag);

        HttpResponse<String> stale = send("PATCH", path, "{\"properties\":{\"desired\":{\"x\":null}}}", "If-Match",
                "\"" + etag + "\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(errorCode(stale)).isEqualTo(412001);

        HttpResponse<String> replaced = send("PUT", path, "{\"properties\":{\"desired\":{\"only\":true}}}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(HUB.twin(d.deviceId()).desired().encode()).isEqualTo("{\"only\":true}");
        assertThat(HUB.twin(d.deviceId()).tags().isEmpty()).isTrue();

        HUB.addModule(d.deviceId(), "m1");
        HttpResponse<String> module = send("PATCH", path + "/modules/m1", "{\"properties\":{\"desired\":{\"m\":1}}}");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(module.body()).getString("moduleId")).isEqualTo("m1");
        assertThat(HUB.twins().get(Identity.module(d.deviceId(), "m1")).desired().getInteger("m")).isEqualTo(1);
    }

    @Test
    void refusesBadTwinRequestsWithIotHubCodes() throws Exception {
        DeviceInfo d = newDevice();
        String path = "/twins/" + d.deviceId();
        assertError(send("PATCH", path, "{not json"), 400, 400004);
        assertError(send("PATCH", path, "{\"properties\":{\"desired\":{\"a.b\":1}}}"), 400, 400004);
        assertError(send("PATCH", path, "{\"properties\":{\"reported\":{\"r\":1}}}"), 400, 400004);
        assertError(send("PATCH", path, "{\"tags\":{\"big\":\"" + "x".repeat(4000) + "\",\"big2\":\""
                + "x".repeat(4000) + "\",\"big3\":\"" + "x".repeat(400) + "\"}}"), 400, 400004);
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            deep.append("{\"l").append(i).append("\":");
        }
        deep.append("1").append("}".repeat(12));
        assertError(send("PATCH", path, "{\"properties\":{\"desired\":" + deep + "}}"), 400, 400004);
        assertError(send("GET", "/twins/no-such-device", null), 404, 404001);
        assertError(send("GET", path + "/modules/nope", null), 404, 404010);
        assertThat(sendAs(token("registryRead"), "GET", path, null).statusCode()).isEqualTo(401);
        assertThat(HUB.twin(d.deviceId()).desiredVersion()).as("nothing applied").isEqualTo(1);
    }

    @Test
    void invokesMethodsAndMapsOfflineTimeoutAndBadRequests() throws Exception {
        DeviceInfo d = newDevice();
        String path = "/twins/" + d.deviceId() + "/methods";
        assertError(send("POST", path, "{\"methodName\":\"reboot\"}"), 404, 404103);
        assertError(send("POST", path, "{\"methodName\":\"a/b\"}"), 400, 400004);
        assertError(send("POST", path, "{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":301}"), 400, 400004);
        assertError(send("POST", path, "{\"methodName\":\"reboot\",\"connectTimeoutInSeconds\":-1}"), 400, 400004);
        assertError(send("POST", path, "{\"payload\":1}"), 400, 400004);
        assertError(send("POST", "/twins/ghost/methods", "{\"methodName\":\"x\"}"), 404, 404001);

        // a device that comes online within the connect timeout gets the call; its answer is returned verbatim
        BlockingQueue<MethodRequest> calls = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", path, "{\"methodName\":\"reboot\",\"payload\":{\"in\":5},"
                        + "\"responseTimeoutInSeconds\":10,\"connectTimeoutInSeconds\":10}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Runnable unsubscribe = HUB.methods().subscribe(d.identity(), calls::add);
        MethodRequest call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.methodName()).isEqualTo("reboot");
        assertThat(new JsonObject(call.payloadAsString()).getInteger("in")).isEqualTo(5);
        HUB.methods().respond(d.identity(), call.requestId(), 201, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answered = pending.get(10, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(answered.body())).isEqualTo(new JsonObject("{\"status\":201,\"payload\":{\"ok\":true}}"));

        long start = System.nanoTime();
        assertError(send("POST", path, "{\"methodName\":\"slow\",\"responseTimeoutInSeconds\":5}"), 504, 504101);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(4900));
        assertThat(HUB.methods().pendingCount()).isZero();
        unsubscribe.run();
    }

    private static void assertError(HttpResponse<String> response, int status, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(errorCode(response)).isEqualTo(code);
    }
}

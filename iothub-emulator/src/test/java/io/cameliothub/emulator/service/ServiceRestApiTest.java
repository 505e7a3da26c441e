package io.cameliothub.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.FeedbackRecord;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service REST API (registry) with the JDK's HTTP client over TLS on an ephemeral port: shapes, ETags, errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceRestApiTest {

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

    private HttpResponse<String> send(String method, String pathAndQuery, String token, String body,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The six-digit code inside IoT Hub's nested error body. */
    private static int errorCode(HttpResponse<String> response) {
        JsonObject outer = new JsonObject(response.body());
        assertThat(outer.getString("ExceptionMessage")).isEmpty();
        return new JsonObject(outer.getString("Message")).getInteger("errorCode");
    }

    @Test
    void createsGetsUpdatesAndDeletesADeviceWithEtags() throws Exception {
        String id = "svc-" + IDS.incrementAndGet();
        String owner = token("iothubowner");
        HttpResponse<String> created = send("PUT", "/devices/" + id + API, owner, "{\"deviceId\":\"" + id + "\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonObject device = new JsonObject(created.body());
        assertThat(device.getString("deviceId")).isEqualTo(id);
        assertThat(device.getString("status")).isEqualTo("enabled");
        assertThat(device.getString("connectionState")).isEqualTo("Disconnected");
        String primary = device.getJsonObject("authentication").getJsonObject("symmetricKey").getString("primaryKey");
        assertThat(primary).isEqualTo(HUB.registry().device(id).orElseThrow().primaryKey());
        String etag = device.getString("etag");

        HttpResponse<String> again = send("PUT", "/devices/" + id + API, owner, "{\"deviceId\":\"" + id + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(errorCode(again)).isEqualTo(409001);
        assertThat(again.headers().firstValue("iothub-errorcode")).hasValue("DeviceAlreadyExists");

        String disable = "{\"deviceId\":\"" + id + "\",\"status\":\"disabled\",\"statusReason\":\"maintenance\"}";
        HttpResponse<String> stale = send("PUT", "/devices/" + id + API, owner, disable, "If-Match", "\"bm9wZQ==\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(errorCode(stale)).isEqualTo(412001);
        HttpResponse<String> updated = send("PUT", "/devices/" + id + API, owner, disable, "If-Match", "\"" + etag + "\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonObject after = new JsonObject(updated.body());
        assertThat(after.getString("status")).isEqualTo("disabled");
        assertThat(after.getString("statusReason")).isEqualTo("maintenance");
        assertThat(after.getString("etag")).isNotEqualTo(etag);
        assertThat(after.getJsonObject("authentication").getJsonObject("symmetricKey").getString("primaryKey"))
                .isEqualTo(primary);
        assertThat(HUB.registry().device(id).orElseThrow().enabled()).isFalse();

        HttpResponse<String> read = send("GET", "/devices/" + id + API, token("registryRead"), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(read.body()).getString("etag")).isEqualTo(after.getString("etag"));

        assertThat(send("DELETE", "/devices/" + id + API, owner, null, "If-Match", "\"" + etag + "\"").statusCode())
                .isEqualTo(412);
        assertThat(send("DELETE", "/devices/" + id + API, owner, null, "If-Match", "*").statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send("GET", "/devices/" + id + API, owner, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo(404001);
    }

    @Test
    void keepsGivenKeysAndServesModules() throws Exception {
        String id = "svc-" + IDS.incrementAndGet();
        String key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        String body = "{\"deviceId\":\"" + id + "\",\"authentication\":{\"type\":\"sas\",\"symmetricKey\":"
                + "{\"primaryKey\":\"" + key + "\",\"secondaryKey\":\"" + key + "\"}}}";
        String owner = token("registryReadWrite");
        assertThat(send("PUT", "/devices/" + id + API, owner, body).statusCode()).isEqualTo(200);
        assertThat(HUB.registry().device(id).orElseThrow().primaryKey()).isEqualTo(key);

        HttpResponse<String> module = send("PUT", "/devices/" + id + "/modules/m1" + API, owner,
                "{\"deviceId\":\"" + id + "\",\"moduleId\":\"m1\"}");
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(module.body()).getString("moduleId")).isEqualTo("m1");
        assertThat(HUB.registry().module(id, "m1")).isPresent();
        HttpResponse<String> list = send("GET", "/devices/" + id + "/modules" + API, owner, null);
        assertThat(new JsonArray(list.body()).getJsonObject(0).getString("moduleId")).isEqualTo("m1");
        assertThat(send("DELETE", "/devices/" + id + "/modules/m1" + API, owner, null, "If-Match", "*").statusCode())
                .isEqualTo(204);
        HttpResponse<String> gone = send("GET", "/devices/" + id + "/modules/m1" + API, owner, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo(404010);
    }

    @Test
    void checksPermissionsTokensApiVersionAndBodies() throws Exception {
        DeviceInfo d = HUB.addDevice("svc-" + IDS.incrementAndGet());
        String path = "/devices/" + d.deviceId();
        String body = "{\"deviceId\":\"" + d.deviceId() + "\"}";

        HttpResponse<String> readOnly = send("PUT", path + API, token("registryRead"), body, "If-Match", "*");
        assertThat(readOnly.statusCode()).isEqualTo(401);
        assertThat(errorCode(readOnly)).isEqualTo(401002);
        assertThat(send("GET", path + API, token("service"), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", path + API, token("device"), null).statusCode()).isEqualTo(401);

        String deviceToken = SasTokens.create(HUB.hostName() + path, d.primaryKey(), Duration.ofMinutes(5));
        HttpResponse<String> notPolicy = send("GET", path + API, deviceToken, null);
        assertThat(notPolicy.statusCode()).isEqualTo(401);
        assertThat(errorCode(notPolicy)).isEqualTo(401003);
        assertThat(send("GET", path + API, null, null).statusCode()).isEqualTo(401);
        String forged = token("iothubowner").replaceFirst("sig=[^&]+", "sig=AAAA");
        assertThat(send("GET", path + API, forged, null).statusCode()).isEqualTo(401);

        HttpResponse<String> noVersion = send("GET", path, token("iothubowner"), null);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(errorCode(noVersion)).isEqualTo(400004);
        HttpResponse<String> malformed = send("PUT", "/devices/new-one" + API, token("iothubowner"), "{nope");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(new JsonObject(malformed.body()).getString("Message")).getString("message"))
                .contains("not valid JSON");
        HttpResponse<String> mismatch = send("PUT", "/devices/other" + API, token("iothubowner"), body);
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/devices/bad%20id" + API, token("iothubowner"), "{}").statusCode()).isEqualTo(400);
        assertThat(send("PATCH", path + API, token("iothubowner"), body).statusCode()).isEqualTo(405);
        assertThat(HUB.registry().device("new-one")).isEmpty();
    }

    @Test
    void purgesAC2dQueueWithPurgedFeedback() throws Exception {
        DeviceInfo d = HUB.addDevice("svc-" + IDS.incrementAndGet());
        HUB.sendC2d(d.deviceId(), C2dMessage.builder().messageId("p-1").body("a").ack(AckMode.FULL).build());
        HUB.sendC2d(d.deviceId(), C2dMessage.builder().messageId("p-2").body("b").build());
        HUB.c2dQueue(d.deviceId()).receive().orElseThrow();
        assertThat(send("DELETE", "/devices/" + d.deviceId() + "/commands" + API, token("registryReadWrite"), null)
                .statusCode()).isEqualTo(401);
        HttpResponse<String> purged = send("DELETE", "/devices/" + d.deviceId() + "/commands" + API, token("service"),
                null);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(purged.body()).getInteger("totalMessagesPurged")).isEqualTo(2);
        assertThat(HUB.c2dQueue(d.deviceId()).pendingCount()).isZero();
        FeedbackRecord record = HUB.feedback().await(r -> r.originalMessageId().equals("p-1"), Duration.ofSeconds(5));
        assertThat(record.status()).isEqualTo(FeedbackRecord.Status.PURGED);
        assertThat(send("DELETE", "/devices/nobody/commands" + API, token("service"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsDevicesAndCountsThem() throws Exception {
        HUB.addDevice("svc-" + IDS.incrementAndGet());
        HttpResponse<String> list = send("GET", "/devices" + API + "&top=1", token("registryRead"), null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(list.body())).hasSize(1);
        assertThat(send("GET", "/devices" + API + "&top=0", token("registryRead"), null).statusCode()).isEqualTo(400);
        HttpResponse<String> stats = send("GET", "/statistics/devices" + API, token("registryRead"), null);
        assertThat(new JsonObject(stats.body()).getInteger("totalDeviceCount"))
                .isEqualTo(HUB.registry().devices().size());
    }
}

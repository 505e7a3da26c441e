package io.cameliothub.emulator.https;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import io.cameliothub.emulator.core.SystemProperties;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the SDKs other than Java put on the device REST API and read from it: {@code iothub-expiry} on events (single
 * and batch items, in the .NET and Node forms), batch bodies without {@code base64Encoded}, and the C2D content type
 * and encoding under both header spellings the SDKs read.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsFidelityTest {

    private static final String API = "?api-version=2020-09-30";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext())
            .version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<byte[]> send(DeviceInfo d, String suffix, HttpRequest.BodyPublisher body, String method,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort() + "/devices/"
                        + d.deviceId() + suffix + API)).timeout(WAIT).method(method, body)
                .header("Authorization", SasTokens.create(HUB.hostName() + "/devices/" + d.deviceId(), d.primaryKey(),
                        Duration.ofMinutes(5)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> event(DeviceInfo d, String body, String... headers) throws Exception {
        return send(d, "/messages/events", HttpRequest.BodyPublishers.ofString(body), "POST", headers);
    }

    @Test
    void storesTheExpiryOfSingleEventsInTheFormsTheSdksWrite() throws Exception {
        DeviceInfo d = HUB.addDevice("https-exp-" + IDS.incrementAndGet());
        assertThat(event(d, "dotnet", "iothub-expiry", "2030-01-02T03:04:05.1230000Z").statusCode()).isEqualTo(204);
        assertThat(event(d, "node", "IoTHub-Expiry", "Wed Jan 02 2030 03:04:05 GMT+0000 (Coordinated Universal Time)")
                .statusCode()).isEqualTo(204);
        List<D2cEvent> events = HUB.events().awaitCount(d.deviceId(), 2, WAIT);
        assertThat(events.get(0).systemProperties()).containsEntry(SystemProperties.ABSOLUTE_EXPIRY_TIME,
                "2030-01-02T03:04:05.123Z");
        assertThat(events.get(1).systemProperties()).containsEntry(SystemProperties.ABSOLUTE_EXPIRY_TIME,
                "2030-01-02T03:04:05Z");

        HttpResponse<byte[]> bad = event(d, "bad", "iothub-expiry", "tomorrow-ish");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("400004").contains("iothub-expiry");
        assertThat(HUB.events().forDevice(d.deviceId())).hasSize(2);
    }

    @Test
    void batchItemsKeepTheirExpiryAndBodiesWithoutTheFlagAreBase64() throws Exception {
        DeviceInfo d = HUB.addDevice("https-exp-" + IDS.incrementAndGet());
        String b64 = Base64.getEncoder().encodeToString("from .NET".getBytes(StandardCharsets.UTF_8));
        String batch = "[{\"body\":\"" + b64 + "\",\"properties\":{\"iothub-expiry\":\"2030-01-02T03:04:05Z\","
                + "\"iothub-messageid\":\"b-1\"}}]";
        assertThat(send(d, "/messages/events", HttpRequest.BodyPublishers.ofString(batch), "POST",
                "Content-Type", "application/vnd.microsoft.iothub.json").statusCode()).isEqualTo(204);
        D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
        assertThat(e.bodyAsString()).isEqualTo("from .NET");
        assertThat(e.systemProperties()).containsEntry(SystemProperties.ABSOLUTE_EXPIRY_TIME, "2030-01-02T03:04:05Z");
    }

    @Test
    void c2dCarriesContentTypeAndEncodingUnderBothSpellings() throws Exception {
        DeviceInfo d = HUB.addDevice("https-exp-" + IDS.incrementAndGet());
        HUB.sendC2d(d.deviceId(), C2dMessage.builder().body("{}").contentType("application/json")
                .contentEncoding("utf-8").build());
        HttpResponse<byte[]> r = send(d, "/messages/devicebound", HttpRequest.BodyPublishers.noBody(), "GET");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("iothub-contenttype")).hasValue("application/json");
        assertThat(r.headers().firstValue("iothub-contentencoding")).hasValue("utf-8");
        assertThat(r.headers().firstValue("ContentType")).hasValue("application/json");
        assertThat(r.headers().firstValue("ContentEncoding")).hasValue("utf-8");
    }
}

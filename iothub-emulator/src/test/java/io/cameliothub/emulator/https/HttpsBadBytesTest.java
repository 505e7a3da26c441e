package io.cameliothub.emulator.https;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request bodies the HTTPS head must not buffer: credentials are checked before a body is read, and bodies are capped
 * whether or not Content-Length is given. Raw TLS connections, since no HTTP client sends such requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsBadBytesTest {

    private static final String API = "?api-version=2020-09-30";

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().device("bytes-1").build();

    private static String head(String auth, String extraHeaders) {
        return "POST /devices/bytes-1/messages/events" + API + " HTTP/1.1\r\nHost: " + HUB.hostName() + "\r\n"
                + (auth == null ? "" : "Authorization: " + auth + "\r\n") + extraHeaders + "\r\n";
    }

    private static String token() {
        DeviceInfo d = HUB.registry().device("bytes-1").orElseThrow();
        return SasTokens.create(HUB.hostName() + "/devices/bytes-1", d.primaryKey(), Duration.ofMinutes(10));
    }

    @Test
    void anUnauthenticatedChunkedBodyIsNeverReadThe401ComesFirst() throws Exception {
        try (RawHttps raw = new RawHttps(HUB)) {
            raw.write(head(null, "Transfer-Encoding: chunked\r\n")).write("4000\r\n");

            String answer = raw.readAll(3000);

            assertThat(answer).startsWith("HTTP/1.1 401").contains("\"errorCode\":401002")
                    .containsIgnoringCase("connection: close").doesNotEndWith("<still open>");
        }
        assertThat(HUB.events().forDevice("bytes-1")).isEmpty();
    }

    @Test
    void aBadTokenIsRefusedBeforeTheBody() throws Exception {
        try (RawHttps raw = new RawHttps(HUB)) {
            raw.write(head("SharedAccessSignature sr=x&sig=y&se=1", "Content-Length: 200000\r\n"));

            assertThat(raw.readAll(3000)).startsWith("HTTP/1.1 401").doesNotEndWith("<still open>");
        }
    }

    @Test
    void aDeclaredOversizeBodyIsRefusedWith413BeforeItIsSent() throws Exception {
        try (RawHttps raw = new RawHttps(HUB)) {
            raw.write(head(token(), "Content-Length: 10000000\r\n"));

            assertThat(raw.readAll(3000)).startsWith("HTTP/1.1 413").contains("\"errorCode\":413001")
                    .doesNotEndWith("<still open>");
        }
    }

    @Test
    void aChunkedBodyIsCappedAsItArrives() throws Exception {
        int written = 0;
        try (RawHttps raw = new RawHttps(HUB)) {
            var answer = raw.readInBackground(5000);
            raw.write(head(token(), "Transfer-Encoding: chunked\r\n"));
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            try {
                while (written < 8 * 1024 * 1024) {
                    raw.write(Integer.toHexString(chunk.length) + "\r\n").write(chunk).write("\r\n");
                    written += chunk.length;
                }
            } catch (IOException e) {
                // the hub closed the connection: that is the point
            }

            assertThat(written).as("the hub stopped the upload long before 8 MB").isLessThan(8 * 1024 * 1024);
            assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413").contains("\"errorCode\":413001");
        }
        assertThat(HUB.events().forDevice("bytes-1")).isEmpty();
    }

    @Test
    void aMaximumSizeMessageStillGoesThrough() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort()
                        + "/devices/bytes-1/messages/events" + API))
                .header("Authorization", token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[256 * 1024 - 64])).build();

        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        HUB.events().clear();
    }
}

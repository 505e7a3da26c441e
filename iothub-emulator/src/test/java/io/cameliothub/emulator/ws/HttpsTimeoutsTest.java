package io.cameliothub.emulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Header, request and idle deadlines on the HTTPS port (shortened here), over raw TLS connections. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsTimeoutsTest {

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().device("slow-1").build();

    @BeforeAll
    static void shortDeadlines() {
        HUB.hub().httpsFrontEnd().timeouts(new HttpsTimeouts.Limits(Duration.ofMillis(800), Duration.ofMillis(800),
                Duration.ofMillis(800)));
    }

    private static SSLSocket connect() throws IOException {
        SSLSocket s = (SSLSocket) HUB.sslContext().getSocketFactory().createSocket("127.0.0.1", HUB.httpsPort());
        s.setSoTimeout(20_000);
        s.startHandshake();
        return s;
    }

    /** Whether the hub closed the socket within {@code ms} (data before the close is skipped). */
    private static boolean closedWithin(SSLSocket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // skip any answer
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static String token() {
        DeviceInfo d = HUB.registry().device("slow-1").orElseThrow();
        return SasTokens.create(HUB.hostName() + "/devices/slow-1", d.primaryKey(), Duration.ofMinutes(5));
    }

    @Test
    void connectionsTricklingAHeaderAreClosed() throws Exception {
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                sockets.add(connect());
            }
            byte[] line = "GET /devices/slow-1/messages/devicebound?api-version=2020-09-30 HTTP/1.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            int open = sockets.size();
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            // one byte per connection every 100 ms, never finishing the head
            for (int i = 0; i < line.length && open > 0 && System.nanoTime() < end; i++) {
                open = 0;
                for (SSLSocket s : sockets) {
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(line[i]);
                        out.flush();
                        open++;
                    } catch (IOException e) {
                        // closed by the hub
                    }
                }
                Thread.sleep(100);
            }
            for (SSLSocket s : sockets) {
                assertThat(closedWithin(s, 3000)).as("a connection trickling its header is closed").isTrue();
            }
        } finally {
            for (SSLSocket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(("GET /devices/slow-1/messages/devicebound?api-version=2020-09-30 HTTP/1.1\r\n"
                    + "Host: " + HUB.hostName() + "\r\nAuthorization: " + token() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long start = System.nanoTime();

            assertThat(closedWithin(s, 5000)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void aBodyThatNeverEndsIsCutOff() throws Exception {
        String token = token();
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(("POST /devices/slow-1/messages/events?api-version=2020-09-30 HTTP/1.1\r\nHost: "
                    + HUB.hostName() + "\r\nAuthorization: " + token + "\r\nContent-Length: 100\r\n\r\nonly ten b")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();

            assertThat(closedWithin(s, 5000)).isTrue();
        }
        assertThat(HUB.events().forDevice("slow-1")).isEmpty();
    }

    @Test
    void upgradedWebSocketsAreNotSubjectToHttpDeadlines() throws Exception {
        try (SSLSocket s = connect()) {
            s.getOutputStream().write(("GET /$iothub/websocket HTTP/1.1\r\nHost: " + HUB.hostName() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(5000);
            byte[] head = new byte[12];
            int n = s.getInputStream().readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");

            assertThat(closedWithin(s, 2000)).as("still open after twice the idle deadline").isFalse();
        }
    }
}

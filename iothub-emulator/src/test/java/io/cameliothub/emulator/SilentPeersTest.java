package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.core.HubLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers that connect and then say nothing, all at once: on every port a TCP connection that never starts TLS is closed
 * by the TLS handshake deadline (10 s); an AMQP peer that completes TLS and then stays silent, or stops after the
 * protocol header or inside SASL, is closed by the AMQP open deadline (1 s here, 30 s by default) instead of being held
 * for the 4-minute idle timeout or longer, over TLS and over WebSocket. (A silent MQTT peer after TLS is closed by the 30 s CONNECT timeout, and one
 * that stops after CONNECT by 1.5 x its keep-alive: {@code KeepAliveTest}.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SilentPeersTest {

    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final ExecutorService WATCHERS = Executors.newCachedThreadPool();
    private static IotHubEmulator hub;

    @BeforeAll
    static void start() {
        hub = IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(0)
                .limits(HubLimits.defaults().withAmqpOpenTimeout(Duration.ofSeconds(1))).start();
    }

    @AfterAll
    static void stop() {
        WATCHERS.shutdownNow();
        hub.close();
    }

    private interface Open {
        Socket open() throws IOException;
    }

    @Test
    void silentPeersAreClosedByADeadline() throws Exception {
        Map<String, CompletableFuture<Long>> closedAfter = new LinkedHashMap<>();
        closedAfter.put("MQTT port, no TLS", watch(() -> new Socket("127.0.0.1", hub.mqttPort())));
        closedAfter.put("AMQP port, no TLS", watch(() -> new Socket("127.0.0.1", hub.amqpPort())));
        closedAfter.put("HTTPS port, no TLS", watch(() -> new Socket("127.0.0.1", hub.httpsPort())));
        closedAfter.put("AMQP, TLS then nothing", watch(() -> amqpTls(null)));
        closedAfter.put("AMQP, TLS and the SASL header", watch(() -> amqpTls(SASL_HEADER)));
        closedAfter.put("AMQP, TLS and the AMQP header (no SASL)", watch(() -> amqpTls(AMQP_HEADER)));
        closedAfter.put("AMQP over WebSocket, upgraded then nothing", watch(SilentPeersTest::amqpWebSocket, true));

        for (Map.Entry<String, CompletableFuture<Long>> e : closedAfter.entrySet()) {
            long ms = e.getValue().get(25, TimeUnit.SECONDS);
            if (e.getKey().contains("no TLS")) {
                assertThat(ms).as(e.getKey()).isBetween(8_000L, 16_000L);
            } else {
                assertThat(ms).as(e.getKey()).isBetween(800L, 5_000L);
            }
        }
    }

    private static Socket amqpTls(byte[] header) throws IOException {
        SSLSocket s = (SSLSocket) hub.tls().sslContext().getSocketFactory().createSocket("127.0.0.1", hub.amqpPort());
        s.startHandshake();
        if (header != null) {
            s.getOutputStream().write(header);
            s.getOutputStream().flush();
        }
        return s;
    }

    private static Socket amqpWebSocket() throws IOException {
        SSLSocket s = (SSLSocket) hub.tls().sslContext().getSocketFactory().createSocket("127.0.0.1", hub.httpsPort());
        s.startHandshake();
        s.getOutputStream().write(("GET /$iothub/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Protocol: AMQPWSB10\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Milliseconds until the hub closed the socket (reading past what it sent, e.g. its SASL mechanisms). */
    private static CompletableFuture<Long> watch(Open open) {
        return watch(open, false);
    }

    /**
     * @param webSocket whether a WebSocket close frame counts as closed (the server then waits for the peer's close
     *                  frame, which this silent peer never sends, before it ends TCP)
     */
    private static CompletableFuture<Long> watch(Open open, boolean webSocket) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try (Socket s = open.open()) {
                s.setSoTimeout(20_000);
                InputStream in = s.getInputStream();
                java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[512];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    // the SASL mechanisms or the AMQP header the hub answers with; over WebSocket the 101 first
                    seen.write(buffer, 0, n);
                    if (webSocket && closeFrameAfterHeaders(seen.toByteArray())) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                return Long.MAX_VALUE; // still open after 20 s
            } catch (IOException e) {
                // reset: closed too
            }
            return (System.nanoTime() - start) / 1_000_000;
        }, WATCHERS); // one thread each: the common pool may have a single thread on 2 cores
    }

    private static boolean closeFrameAfterHeaders(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return end >= 0 && bytes.length > end + 4 && (bytes[end + 4] & 0xFF) == 0x88;
    }
}

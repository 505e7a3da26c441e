package io.cameliothub.emulator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTPS port's upgrade rules: path routing, absolute-form targets, subprotocol echo. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpsFrontEndTest {

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    /** Sends a raw HTTP/1.1 request over TLS and returns the response head (status line and headers). */
    private static String rawRequest(String requestLine, String subprotocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) HUB.sslContext().getSocketFactory().createSocket("127.0.0.1", HUB.httpsPort())) {
            socket.setSoTimeout(5000);
            String req = requestLine + "\r\n"
                    + "Host: " + HUB.hostName() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void upgradesAbsoluteFormTargetWithQueryAndEchoesMqtt() throws Exception {
        String response = rawRequest("GET https://" + HUB.hostName()
                + "/$iothub/websocket?iothub-no-client-cert=true HTTP/1.1", "mqtt");
        assertThat(response).startsWith("HTTP/1.1 101");
        assertThat(response.toLowerCase(Locale.ROOT)).contains("sec-websocket-protocol: mqtt\r\n");
    }

    @Test
    void echoesUpperCaseMqttAsOffered() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(HUB.sslContext()).build();
        WebSocket ws = client.newWebSocketBuilder().subprotocols("MQTT")
                .buildAsync(URI.create("wss://localhost:" + HUB.httpsPort() + "/$iothub/websocket"),
                        new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("MQTT");
        ws.abort();
    }

    @Test
    void refusesOtherPathsAndUnknownSubprotocols() throws Exception {
        assertThat(rawRequest("GET /mqtt HTTP/1.1", "mqtt")).startsWith("HTTP/1.1 404");
        assertThat(rawRequest("GET /$iothub/websocket HTTP/1.1", "wamp")).startsWith("HTTP/1.1 400");
        assertThat(rawRequest("GET /$iothub/websocket HTTP/1.1", null)).startsWith("HTTP/1.1 400");
        // the AMQP head takes AMQPWSB10, echoed
        assertThat(rawRequest("GET /$iothub/websocket HTTP/1.1", "AMQPWSB10")).startsWith("HTTP/1.1 101")
                .containsIgnoringCase("sec-websocket-protocol: AMQPWSB10");
    }

    @Test
    void plainRequestsGoToTheDeviceRestApi() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(HUB.sslContext()).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("https://localhost:" + HUB.httpsPort() + "/devices/d/messages/events?api-version=2020-09-30"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("no Authorization header").isEqualTo(401);
        assertThat(response.body()).contains("401002");
    }
}

package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed traffic on the MQTT and HTTPS ports that the hub already handles; each test checks what the hub did and,
 * after it, that a good client is still served (a Paho device publishes and the message is stored).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MalformedTrafficTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().device("good").device("raw").build();

    private static int checks;

    @AfterEach
    void aGoodClientIsStillServed() throws Exception {
        DeviceInfo good = HUB.registry().device("good").orElseThrow();
        try (PahoClients.Recorder r = PahoClients.tls(HUB, "good")) {
            r.client.connect(PahoClients.options(HUB, good.identity(), good.primaryKey()));
            MqttMessage m = new MqttMessage(("still served " + ++checks).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            r.client.publish("devices/good/messages/events/", m);
        }
        HUB.events().await(e -> e.bodyAsString().equals("still served " + checks), WAIT);
    }

    private static SSLSocket tls(int port) throws IOException {
        SSLSocket s = (SSLSocket) HUB.sslContext().getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(20_000); // a loaded CI machine can take seconds for a handshake
        s.startHandshake();
        s.setSoTimeout(5000);
        return s;
    }

    /** Everything until the hub closes; "<open>" appended when it stays open for {@code ms}. */
    private static byte[] drain(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            got.writeBytes("<open>".getBytes(StandardCharsets.US_ASCII));
        } catch (SocketException e) {
            // reset: closed
        }
        return got.toByteArray();
    }

    private static boolean closedByHub(Socket s) throws IOException {
        return !new String(drain(s, 5000), StandardCharsets.ISO_8859_1).endsWith("<open>");
    }

    private static void write(Socket s, byte[] bytes) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] connect(String clientId, String user, String password) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.writeBytes(utf8("MQTT"));
        v.write(4);
        v.write(0xC0); // user name and password, persistent session
        v.write(0);
        v.write(60);
        v.writeBytes(utf8(clientId));
        v.writeBytes(utf8(user));
        v.writeBytes(utf8(password));
        return packet(0x10, v.toByteArray());
    }

    private static byte[] connectRaw() {
        DeviceInfo d = HUB.registry().device("raw").orElseThrow();
        Identity id = d.identity();
        return connect("raw", PahoClients.username(HUB, id), PahoClients.token(HUB, id, d.primaryKey(),
                Duration.ofMinutes(10)));
    }

    private static byte[] publishQos1(int packetId, String body) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.writeBytes(utf8("devices/raw/messages/events/"));
        v.write(packetId >> 8);
        v.write(packetId & 0xff);
        v.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        return packet(0x32, v.toByteArray());
    }

    @Test
    void randomBytesOnTheMqttPort() throws Exception {
        try (SSLSocket s = tls(HUB.mqttPort())) {
            byte[] garbage = new byte[8192];
            new Random(1).nextBytes(garbage);
            garbage[0] = (byte) 0xF0; // reserved packet type
            write(s, garbage);
            assertThat(closedByHub(s)).isTrue();
        }
    }

    @Test
    void aLyingRemainingLength() throws Exception {
        try (SSLSocket s = tls(HUB.mqttPort())) {
            // CONNECT claiming 268 MB: the codec buffers no more than its limit, then the hub closes
            write(s, new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 4, 'M', 'Q', 'T', 'T'});
            boolean closed = false;
            for (int sent = 0; sent < 4 * 1024 * 1024 && !closed; sent += 16 * 1024) {
                try {
                    write(s, new byte[16 * 1024]);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertThat(closed || closedByHub(s)).as("closed before 4 MB went in").isTrue();
            assertThat(HUB.connections().isConnected(Identity.device("raw"))).isFalse();
        }
    }

    @Test
    void aSixtyFourKilobyteUserName() throws Exception {
        try (SSLSocket s = tls(HUB.mqttPort())) {
            write(s, connect("raw", "u".repeat(65_000), "p"));
            byte[] answer = drain(s, 5000);
            assertThat(answer).as("CONNACK 'not authorized', then the close").startsWith(0x20, 2, 0, 5);
        }
    }

    @Test
    void publishBeforeConnect() throws Exception {
        try (SSLSocket s = tls(HUB.mqttPort())) {
            write(s, publishQos1(1, "too early"));
            assertThat(closedByHub(s)).isTrue();
        }
        assertThat(HUB.events().forDevice("raw")).isEmpty();
    }

    @Test
    void aThousandSubscribes() throws Exception {
        try (SSLSocket s = tls(HUB.mqttPort())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(connectRaw());
            for (int i = 1; i <= 1000; i++) {
                ByteArrayOutputStream v = new ByteArrayOutputStream();
                v.write(i >> 8);
                v.write(i & 0xff);
                v.writeBytes(utf8(i % 10 != 0 ? "devices/raw/messages/devicebound/#" : "devices/other/messages/devicebound/#"));
                v.write(1);
                all.writeBytes(packet(0x82, v.toByteArray()));
            }
            write(s, all.toByteArray());
            byte[] expected = new byte[4 + 1000 * 5];
            s.setSoTimeout(30_000);
            int n = s.getInputStream().readNBytes(expected, 0, expected.length);
            assertThat(n).as("CONNACK and a SUBACK for each SUBSCRIBE").isEqualTo(expected.length);
            assertThat(expected[4 + 999 * 5]).isEqualTo((byte) 0x90);
            assertThat(expected[4 + 999 * 5 + 4]).as("another device's filter is refused").isEqualTo((byte) 0x80);
            assertThat(expected[4 + 998 * 5 + 4]).as("its own is granted QoS 1").isEqualTo((byte) 1);
        }
    }

    @Test
    void tenThousandUnacknowledgedQos1Publishes() throws Exception {
        HUB.events().clear();
        try (SSLSocket s = tls(HUB.mqttPort())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(connectRaw());
            for (int i = 0; i < 10_000; i++) {
                all.writeBytes(publishQos1(i % 65535 + 1, "n" + i));
            }
            write(s, all.toByteArray()); // PUBACKs are never read
            assertThat(HUB.events().awaitCount("raw", 10_000, Duration.ofSeconds(30))).hasSize(10_000);
        }
        HUB.events().clear();
    }

    @Test
    void randomBytesOnTheHttpsPort() throws Exception {
        try (Socket s = new Socket("127.0.0.1", HUB.httpsPort())) {
            byte[] garbage = new byte[8192];
            new Random(2).nextBytes(garbage);
            write(s, garbage);
            assertThat(closedByHub(s)).isTrue();
        }
    }

    @Test
    void aOneMegabyteHeader() throws Exception {
        try (SSLSocket s = tls(HUB.httpsPort())) {
            try {
                write(s, ("GET /devices/raw/messages/devicebound?api-version=2020-09-30 HTTP/1.1\r\nHost: x\r\nX-Big: "
                        + "b".repeat(1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the hub may close before it all went out
            }
            String answer = new String(drain(s, 5000), StandardCharsets.US_ASCII);
            assertThat(answer).doesNotEndWith("<open>");
            assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 4")).as(answer).isTrue();
        }
    }

    @Test
    void aBatchWithBadBase64AndBadJson() throws Exception {
        DeviceInfo d = HUB.registry().device("raw").orElseThrow();
        HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .build();
        for (String batch : new String[] {"[{\"body\":\"%%%not base64\",\"base64Encoded\":true}]", "[{\"body\":", "[1,2]"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort()
                            + "/devices/raw/messages/events?api-version=2020-09-30"))
                    .header("Authorization", PahoClients.token(HUB, d.identity(), d.primaryKey(), Duration.ofMinutes(5)))
                    .header("Content-Type", "application/vnd.microsoft.iothub.json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(batch).isEqualTo(400);
            assertThat(r.body()).contains("400004");
        }
        assertThat(HUB.events().forDevice("raw")).isEmpty();
    }

    @Test
    void anUnknownWebSocketSubprotocol() throws Exception {
        try (SSLSocket s = tls(HUB.httpsPort())) {
            write(s, ("GET /$iothub/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: stomp, v12.stomp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] status = s.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
        }
    }
}

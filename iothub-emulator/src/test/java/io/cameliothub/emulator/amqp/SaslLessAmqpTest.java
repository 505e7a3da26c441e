package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.core.SasTokens;
import io.cameliothub.emulator.core.SystemProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that opens AMQP with the plain protocol header (no SASL layer) and authenticates each device by CBS
 * put-token, over AMQPS and over AMQP on WebSocket: the hub answers with the AMQP header and serves it. Its message
 * also carries a {@code user-id} that is not the device's: the hub keeps it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SaslLessAmqpTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    @Test
    void overTls() throws Exception {
        try (SSLSocket socket = (SSLSocket) HUB.sslContext().getSocketFactory().createSocket("localhost", HUB.amqpPort())) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            SaslLessAmqpClient client = new SaslLessAmqpClient(HUB.hostName(), bytes -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread reader = new Thread(() -> read(socket, client), "sasl-less-reader");
            reader.setDaemon(true);
            reader.start();
            sendsTelemetryAfterCbs(client, Protocol.AMQPS);
        }
    }

    @Test
    void overWebSocket() throws Exception {
        SaslLessAmqpClient[] client = new SaslLessAmqpClient[1];
        WebSocket ws = HttpClient.newBuilder().sslContext(HUB.sslContext()).build().newWebSocketBuilder()
                .subprotocols("AMQPWSB10")
                .buildAsync(URI.create("wss://localhost:" + HUB.httpsPort() + "/$iothub/websocket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        client[0].input(bytes);
                        webSocket.request(1);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        try {
            client[0] = new SaslLessAmqpClient(HUB.hostName(),
                    bytes -> ws.sendBinary(ByteBuffer.wrap(bytes), true).join());
            sendsTelemetryAfterCbs(client[0], Protocol.AMQPS_WS);
        } finally {
            ws.abort();
        }
    }

    private static void sendsTelemetryAfterCbs(SaslLessAmqpClient client, Protocol expected) {
        DeviceInfo device = HUB.addDevice("sasl-less-" + IDS.incrementAndGet());
        client.open(WAIT);
        String audience = HUB.hostName() + "/devices/" + device.deviceId();
        assertThat(client.putToken(audience, SasTokens.create(audience, device.primaryKey(), Duration.ofMinutes(10)), WAIT))
                .isEqualTo(200);
        Sender events = client.sender("/devices/" + device.deviceId() + "/messages/events", WAIT);
        Message m = Message.Factory.create();
        m.setMessageId("no-sasl-1");
        // a user-id naming someone else is kept, not refused (UNCONFIRMED: IoT Hub documents it as user-settable)
        m.setUserId("someone-else".getBytes(StandardCharsets.UTF_8));
        m.setBody(new Data(new Binary("no SASL layer".getBytes(StandardCharsets.UTF_8))));
        assertThat(client.sendAndWait(events, m, WAIT)).isInstanceOf(Accepted.class);
        D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(device.deviceId()), WAIT);
        assertThat(e.bodyAsString()).isEqualTo("no SASL layer");
        assertThat(e.protocol()).isEqualTo(expected);
        assertThat(e.systemProperties()).containsEntry(SystemProperties.USER_ID, "someone-else");
    }

    private static void read(SSLSocket socket, SaslLessAmqpClient client) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                byte[] chunk = new byte[n];
                System.arraycopy(buf, 0, chunk, 0, n);
                client.input(chunk);
            }
        } catch (IOException e) {
            // the socket closed at the end of the test
        }
    }
}

package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A raw MQTT client that connects and then stays silent: the hub must close it after 1.5 x keep-alive. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeepAliveTest {

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().device("quiet").build();

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    static byte[] connectPacket(String clientId, String user, String password, int keepAlive) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4);
        body.write(0xC0); // user name + password, clean session 0
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xff);
        string(body, clientId);
        string(body, user);
        string(body, password);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int len = body.size();
        do {
            int digit = len % 128;
            len /= 128;
            packet.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    @Test
    void silentClientIsClosedAfterOneAndAHalfKeepAlives() throws Exception {
        DeviceInfo d = HUB.registry().device("quiet").orElseThrow();
        try (SSLSocket socket = (SSLSocket) HUB.sslContext().getSocketFactory().createSocket("127.0.0.1", HUB.mqttPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(connectPacket("quiet", PahoClients.username(HUB, d.identity()),
                    PahoClients.token(HUB, d.identity(), d.primaryKey(), Duration.ofHours(1)), 2));
            InputStream in = socket.getInputStream();
            byte[] connack = in.readNBytes(4);
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
            long start = System.nanoTime();
            int next;
            try {
                next = in.read();
            } catch (SocketTimeoutException e) {
                next = -2;
            } catch (java.io.IOException e) {
                next = -1;
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(next).as("closed by the hub").isEqualTo(-1);
            // 1.5 x 2 s; generous upper bound for a loaded machine
            assertThat(elapsedMs).isBetween(2_500L, 15_000L);
        }
    }
}

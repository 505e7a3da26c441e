package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ProxySettings;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Java device SDK through a real HTTP proxy (Debian's tinyproxy, started here) to the emulator over
 * MQTT_WS, AMQPS_WS and HTTPS. The SDK sends the proxy the hub's name (CONNECT hub.iothub.test:443), which the JVM
 * resolves through the test hosts file but tinyproxy, using the system resolver, cannot: tinyproxy therefore runs in a
 * private mount namespace whose /etc/hosts maps the name to 127.0.0.1 (skipped, with the reason, where unshare or
 * mount is not permitted). Fixed port 443: run in a private network namespace; skipped without tinyproxy.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkProxyConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").standardPorts().waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    private static Process proxy;
    private static Path dir;
    private static int proxyPort;

    enum Transport {
        MQTT_WS(IotHubClientProtocol.MQTT_WS, Protocol.MQTT_WS), AMQPS_WS(IotHubClientProtocol.AMQPS_WS, Protocol.AMQPS_WS),
        HTTPS(IotHubClientProtocol.HTTPS, Protocol.HTTPS);

        final IotHubClientProtocol sdk;
        final Protocol hub;

        Transport(IotHubClientProtocol sdk, Protocol hub) {
            this.sdk = sdk;
            this.hub = hub;
        }
    }

    @BeforeAll
    static void startProxy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tinyproxy")),
                "tinyproxy is not installed (apt-get install tinyproxy-bin; .ci/run does it)");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            proxyPort = s.getLocalPort();
        }
        dir = Files.createTempDirectory("sdk-tinyproxy");
        Path hosts = dir.resolve("hosts");
        Files.write(hosts, List.of("127.0.0.1 localhost", "127.0.0.1 " + HUB.hostName()));
        Assumptions.assumeTrue(resolvesInPrivateMountNamespace(hosts),
                "cannot give tinyproxy its own /etc/hosts (unshare -m and mount --bind need CAP_SYS_ADMIN): "
                + "it could not resolve " + HUB.hostName());
        Path conf = dir.resolve("tinyproxy.conf");
        Files.write(conf, List.of("Port " + proxyPort, "Listen 127.0.0.1", "Timeout 60", "Allow 127.0.0.1",
                "LogLevel Connect"));
        proxy = new ProcessBuilder(inPrivateMountNamespace(hosts, "exec /usr/bin/tinyproxy -d -c '" + conf + "'"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("proxy.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", proxyPort), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !proxy.isAlive()) {
                    throw new IllegalStateException("tinyproxy did not start: " + Files.readString(dir.resolve("proxy.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * A shell command run in a private mount namespace where /etc/hosts is {@code hosts}: the proxy resolves the hub's
     * test name with the system resolver, which does not read the JVM's hosts file.
     */
    private static List<String> inPrivateMountNamespace(Path hosts, String command) {
        return List.of("unshare", "-m", "sh", "-c", "mount --bind '" + hosts + "' /etc/hosts && " + command);
    }

    private static boolean resolvesInPrivateMountNamespace(Path hosts) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(inPrivateMountNamespace(hosts, "getent hosts " + HUB.hostName()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.startsWith("127.0.0.1");
        } catch (IOException noUnshare) {
            return false;
        }
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            proxy.waitFor(5, TimeUnit.SECONDS);
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"MQTT_WS", "AMQPS_WS", "HTTPS"})
    void sendsAndReceivesThroughTheProxy(Transport t) throws Exception {
        DeviceInfo device = HUB.addDevice("proxied-" + t.name().toLowerCase());
        int logBefore = Files.readString(dir.resolve("proxy.log")).length();
        ClientOptions options = ClientOptions.builder().sslContext(HUB.sslContext()).receiveInterval(100)
                .proxySettings(new ProxySettings(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxyPort))))
                .build();
        DeviceClient client = new DeviceClient(device.connectionString(), t.sdk, options);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        try {
            client.open(false);
            client.sendEvent(new Message("via proxy over " + t));
            assertThat(HUB.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT).protocol()).isEqualTo(t.hub);
            HUB.sendC2d(device.deviceId(), C2dMessage.of("back via proxy"));
            assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("back via proxy");
        } finally {
            client.close();
        }
        assertThat(Files.readString(dir.resolve("proxy.log")).substring(logBefore)).as("tinyproxy's log")
                .contains("CONNECT " + HUB.hostName() + ":443").contains("Established connection to host \"" + HUB.hostName());
    }
}

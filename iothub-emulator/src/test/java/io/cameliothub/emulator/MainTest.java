package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.SasTokens;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone entry point: flags and config file, printed connection strings, written trust store. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MainTest {

    @Test
    void startsFromFlagsAndAPahoClientTalksToItWithTheWrittenTrustStore(@TempDir Path dir) throws Exception {
        String key = DeviceRegistry.generateKey();
        Path config = dir.resolve("hub.properties");
        Files.writeString(config, "modules=dev-b/mod-1\nhttps-port=0\nevent-loops=3\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (IotHubEmulator hub = Main.start(new String[] {"--mqtt-port", "0", "--amqp-port", "0", "--device", "dev-a:" + key,
            "--config", config.toString(), "--out", dir.toString()}, new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            String out = buf.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("HostName=hub.iothub.test;DeviceId=dev-a;SharedAccessKey=" + key)
                    .contains("HostName=hub.iothub.test;DeviceId=dev-b;ModuleId=mod-1;SharedAccessKey=")
                    .contains(dir.resolve("ca.pem").toString()).contains(dir.resolve("truststore.p12").toString())
                    .contains(hub.serviceConnectionString()).contains("SharedAccessKeyName=iothubowner;")
                    .contains("SharedAccessSignature sr=hub.iothub.test&sig=").contains("3 event loop(s)");
            assertThat(hub.eventLoops()).isEqualTo(3);
            assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("truststore.p12"))) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);

            MqttClient client = new MqttClient("ssl://localhost:" + hub.mqttPort(), "dev-a", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("hub.iothub.test/dev-a/?api-version=2021-04-12");
            o.setPassword(SasTokens.create("hub.iothub.test/devices/dev-a", key, Duration.ofMinutes(5)).toCharArray());
            o.setSocketFactory(ssl.getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
            client.connect(o);
            client.publish("devices/dev-a/messages/events/", "standalone".getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
            client.close();
            assertThat(hub.events().await(e -> e.deviceId().equals("dev-a"), Duration.ofSeconds(5)).bodyAsString())
                    .isEqualTo("standalone");
        }
    }

    @Test
    void writesAnX509DevicesCertificateAndKeyThatAClientAuthenticatesWith(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (IotHubEmulator hub = Main.start(new String[] {"--mqtt-port", "0", "--amqp-port", "0", "--https-port", "0",
            "--x509-device", "cert-dev", "--ca-device", "ca-dev", "--out", dir.toString()},
                new PrintStream(buf, true, StandardCharsets.UTF_8))) {
            assertThat(buf.toString(StandardCharsets.UTF_8)).contains("HostName=hub.iothub.test;DeviceId=cert-dev;x509=true")
                    .contains(dir.resolve("cert-dev.p12").toString()).contains(dir.resolve("device-ca.pem").toString());
            assertThat(Files.readString(dir.resolve("cert-dev.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Files.readString(dir.resolve("ca-dev.pem"))).contains("-----BEGIN CERTIFICATE-----");

            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("cert-dev.p12"))) {
                keys.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(hub.tls().trustStore());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

            MqttClient client = new MqttClient("ssl://localhost:" + hub.mqttPort(), "cert-dev", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("hub.iothub.test/cert-dev/?api-version=2021-04-12");
            o.setSocketFactory(ssl.getSocketFactory());
            client.connect(o);
            client.publish("devices/cert-dev/messages/events/", "by certificate".getBytes(StandardCharsets.UTF_8), 1,
                    false);
            client.disconnect();
            client.close();
            assertThat(hub.events().await(e -> e.deviceId().equals("cert-dev"), Duration.ofSeconds(5))
                    .systemProperties().get("iothub-connection-auth-method")).contains("x509Certificate");
        }
    }

    @Test
    void rejectsEventLoopsThatAreNotAPositiveWholeNumber(@TempDir Path dir) {
        for (String bad : new String[] {"0", "-2", "many", "1025"}) {
            assertThatThrownBy(() -> Main.start(new String[] {"--event-loops", bad, "--out", dir.toString()}, System.out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("event-loops must be a whole number from 1 to 1024, was " + bad);
        }
        assertThat(Main.usage()).contains("--event-loops");
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> Main.start(new String[] {"--nope", "1"}, System.out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
        assertThat(Main.usage()).contains("--device");
    }

    @Test
    void consoleSendsC2dMessages() {
        try (IotHubEmulator hub = IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(0).device("dev-c").start()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Main.readCommands(hub, new java.io.BufferedReader(new java.io.StringReader(
                    "c2d dev-c hello there\nc2d ghost x\nnonsense\n")), new PrintStream(buf, true, StandardCharsets.UTF_8));
            String out = buf.toString(StandardCharsets.UTF_8);
            assertThat(hub.c2dQueue("dev-c").entries()).singleElement()
                    .satisfies(e -> assertThat(e.message().bodyAsString()).isEqualTo("hello there"));
            assertThat(out).contains("queued C2D").contains("refused: 404001").contains("commands: c2d");
        }
    }
}

package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone hub keeps its certificate in --out: a client that trusts the trust store of one start still completes
 * a TLS handshake with the next start; a start under another host name makes a new certificate.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsPersistenceTest {

    private static String[] args(Path dir, String host) {
        return new String[] {"--mqtt-port", "0", "--amqp-port", "0", "--https-port", "0", "--out", dir.toString(),
            "--host", host};
    }

    @Test
    void theCertificateOfOneStartIsTrustedByTheNext(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        String firstPem;
        try (IotHubEmulator hub = Main.start(args(dir, "hub.iothub.test"), new PrintStream(first, true, StandardCharsets.UTF_8))) {
            firstPem = hub.tls().caCertificatePem();
        }
        SSLContext trustingTheFirst = trusting(dir.resolve("truststore.p12"));
        assertThat(first.toString(StandardCharsets.UTF_8)).contains("generated: no certificate stored yet");

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (IotHubEmulator hub = Main.start(args(dir, "hub.iothub.test"), new PrintStream(second, true, StandardCharsets.UTF_8))) {
            assertThat(second.toString(StandardCharsets.UTF_8)).contains("reused from " + dir.resolve("ca.pem"));
            assertThat(hub.tls().caCertificatePem()).isEqualTo(firstPem);
            assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(firstPem);
            try (SSLSocket socket = (SSLSocket) trustingTheFirst.getSocketFactory().createSocket("127.0.0.1", hub.mqttPort())) {
                socket.startHandshake(); // the old trust store still trusts the restarted hub
                assertThat(socket.getSession().getPeerCertificates()).hasSize(1);
            }
        }

        ByteArrayOutputStream third = new ByteArrayOutputStream();
        try (IotHubEmulator hub = Main.start(args(dir, "other.iothub.test"), new PrintStream(third, true, StandardCharsets.UTF_8))) {
            assertThat(third.toString(StandardCharsets.UTF_8))
                    .contains("generated: the stored certificate does not name other.iothub.test");
            assertThat(hub.tls().caCertificatePem()).isNotEqualTo(firstPem);
            assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(hub.tls().caCertificatePem());
        }
    }

    @Test
    void anUnreadableKeyIsReplacedWithTheReason(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("ca-key.pem"), "garbage");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (IotHubEmulator hub = Main.start(args(dir, "hub.iothub.test"), new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("generated: the stored certificate or key cannot be read");
            assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(hub.tls().caCertificatePem());
        }
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}

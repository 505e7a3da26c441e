package io.cameliothub.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    private static final TlsMaterial TLS = TlsMaterial.generate("hub.iothub.test");

    @Test
    void certificateNamesTheHostLocalhostAndLoopback() throws Exception {
        X509Certificate cert = TLS.certificate();
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> l.get(0) + "=" + l.get(1))
                .containsExactlyInAnyOrder("2=hub.iothub.test", "2=localhost", "7=127.0.0.1");
        cert.checkValidity();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void writesPemAndTrustStoreThatLoadBack(@TempDir Path dir) throws Exception {
        Path pem = TLS.writeCaCertificate(dir.resolve("sub/ca.pem"));
        try (InputStream in = Files.newInputStream(pem)) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in)).isEqualTo(TLS.certificate());
        }
        Path p12 = TLS.writeTrustStore(dir.resolve("truststore.p12"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, TlsMaterial.TRUST_STORE_PASSWORD.toCharArray());
        }
        assertThat(List.of(ks.getCertificate("iothub-emulator"))).containsExactly(TLS.certificate());
        assertThat(TLS.sslContext().getProtocol()).isEqualTo("TLS");
        assertThat(TLS.toString()).doesNotContain("PRIVATE");
    }
}

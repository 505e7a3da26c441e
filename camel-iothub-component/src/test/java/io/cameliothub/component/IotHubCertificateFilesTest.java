package io.cameliothub.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;

import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What IotHubCertificateFiles makes of files that routes cannot use (no network: the loading alone). */
class IotHubCertificateFilesTest {

    @TempDir
    Path dir;

    private IotHubCertificateFiles pem(ClientCertificate cert) throws Exception {
        Path pem = dir.resolve("d.pem");
        Path key = dir.resolve("d.key.pem");
        cert.writePem(pem, key);
        return new IotHubCertificateFiles(pem, key, null, new char[0]);
    }

    @Test
    void aPemPairLoadsIntoAKeyManager() throws Exception {
        assertThat(pem(CertificateAuthority.selfSigned("d1")).keyManagers(Instant.now())).hasSize(1);
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheConversionCommand() throws Exception {
        IotHubCertificateFiles files = pem(CertificateAuthority.selfSigned("d1"));
        Files.writeString(files.privateKeyFile(), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> files.keyManagers(Instant.now())).hasMessageContaining("privateKeyFile")
                .hasMessageContaining("PKCS#1").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aCertificateFileWithoutACertificateIsNamed() throws Exception {
        IotHubCertificateFiles files = pem(CertificateAuthority.selfSigned("d1"));
        Files.writeString(files.certificateFile(), "not a certificate");
        assertThatThrownBy(() -> files.keyManagers(Instant.now())).hasMessageContaining("certificateFile")
                .hasMessageContaining("holds no PEM certificate");
    }

    @Test
    void aCertificateNotYetValidIsNamed() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(2));
        IotHubCertificateFiles files = pem(CertificateAuthority.selfSigned("d1", later, later.plus(Duration.ofDays(30))));
        assertThatThrownBy(() -> files.keyManagers(Instant.now())).hasMessageContaining("is not valid before");
    }

    @Test
    void aKeyStoreWithTwoKeysIsRefused() throws Exception {
        char[] password = "pw".toCharArray();
        KeyStore two = CertificateAuthority.selfSigned("d1").keyStore(password);
        ClientCertificate other = CertificateAuthority.selfSigned("d2");
        two.setKeyEntry("other", other.privateKey(), password, other.chain().toArray(new java.security.cert.Certificate[0]));
        Path p12 = dir.resolve("two.p12");
        try (var out = Files.newOutputStream(p12)) {
            two.store(out, password);
        }
        IotHubCertificateFiles files = new IotHubCertificateFiles(null, null, p12, password);
        assertThatThrownBy(() -> files.keyManagers(Instant.now())).hasMessageContaining("keyStoreFile")
                .hasMessageContaining("holds 2 private key entries");
    }

    @Test
    void toStringShowsNoPassword() {
        IotHubCertificateFiles files = new IotHubCertificateFiles(null, null, Path.of("/d.p12"), "S3cret".toCharArray());
        assertThat(files.toString()).contains("/d.p12").doesNotContain("S3cret");
    }
}

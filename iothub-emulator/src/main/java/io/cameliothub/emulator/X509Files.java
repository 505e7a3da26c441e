package io.cameliothub.emulator;

import io.cameliothub.emulator.tls.ClientCertificate;
import io.cameliothub.emulator.tls.TlsMaterial;
import java.io.IOException;
import java.nio.file.Path;

/** Writes an X.509 device's certificate and key where a client can pick them up, for the standalone emulator. */
final class X509Files {

    /** The password of the written PKCS12 files: test material only. */
    static final String PKCS12_PASSWORD = TlsMaterial.TRUST_STORE_PASSWORD;

    private X509Files() {
    }

    /** Writes {@code <id>.pem} (chain), {@code <id>.key.pem} (PKCS#8) and {@code <id>.p12}; returns a line to print. */
    static String write(IotHubEmulator hub, String deviceId, ClientCertificate cert, Path dir) throws IOException {
        Path pem = dir.resolve(deviceId + ".pem");
        Path key = dir.resolve(deviceId + ".key.pem");
        Path p12 = dir.resolve(deviceId + ".p12");
        cert.writePem(pem, key);
        cert.writePkcs12(p12, PKCS12_PASSWORD.toCharArray());
        return "X.509 device " + deviceId + ": HostName=" + hub.hostName() + ";DeviceId=" + deviceId + ";x509=true"
                + " (SHA-1 thumbprint " + cert.thumbprint() + "; certificate " + pem.toAbsolutePath() + ", key "
                + key.toAbsolutePath() + ", PKCS12 " + p12.toAbsolutePath() + " alias " + ClientCertificate.ALIAS
                + " password " + PKCS12_PASSWORD + ")";
    }
}

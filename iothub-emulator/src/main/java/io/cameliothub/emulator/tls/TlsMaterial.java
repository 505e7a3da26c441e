package io.cameliothub.emulator.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The hub's TLS identity: a certificate and its private key, and the client-side trust material that goes with it.
 * {@link #generate(String)} makes a self-signed certificate whose SANs are the host name, {@code localhost} and
 * {@code 127.0.0.1}.
 */
public final class TlsMaterial {

    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    public TlsMaterial(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public static TlsMaterial generate(String hostName) {
        return SelfSignedCertificate.generate(hostName);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate clients must trust, PEM-encoded. */
    public String caCertificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store holding the hub certificate (password {@value #TRUST_STORE_PASSWORD}). */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("iothub-emulator", certificate);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client-side TLS context that trusts the hub and nothing else. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path writeCaCertificate(Path file) throws IOException {
        createParent(file);
        Files.writeString(file, caCertificatePem(), StandardCharsets.US_ASCII);
        return file;
    }

    /** Writes {@link #trustStore()} as PKCS12 with password {@value #TRUST_STORE_PASSWORD}. */
    public Path writeTrustStore(Path file) throws IOException {
        createParent(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, TRUST_STORE_PASSWORD.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return file;
    }

    /** The private key, PKCS#8 PEM: only for {@link TlsMaterialStore}, which keeps a standalone hub's identity. */
    String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /** Server-side key and certificate for Vert.x servers. */
    public PemKeyCertOptions keyCertOptions() {
        return new PemKeyCertOptions()
                .setCertValue(Buffer.buffer(caCertificatePem()))
                .setKeyValue(Buffer.buffer(pem("PRIVATE KEY", privateKey.getEncoded())));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + certificate.getSubjectX500Principal() + "]";
    }
}

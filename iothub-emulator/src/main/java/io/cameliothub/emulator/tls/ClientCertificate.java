package io.cameliothub.emulator.tls;

import io.cameliothub.emulator.core.X509Authenticator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device's X.509 identity: its certificate chain (leaf first) and private key, in the forms clients take: a key
 * store, a client {@link SSLContext} that also trusts the hub, PEM files and a PKCS12 file. {@link #toString()} leaves
 * the key out.
 */
public final class ClientCertificate {

    /** The alias of the key entry in {@link #keyStore(char[])} and {@link #writePkcs12(Path, char[])}. */
    public static final String ALIAS = "device";

    private final X509Certificate[] chain;
    private final PrivateKey privateKey;

    public ClientCertificate(X509Certificate[] chain, PrivateKey privateKey) {
        this.chain = chain.clone();
        this.privateKey = privateKey;
    }

    public X509Certificate certificate() {
        return chain[0];
    }

    public List<X509Certificate> chain() {
        return List.of(chain);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** SHA-1 thumbprint, upper-case hex: what the portal and most registrations use. */
    public String thumbprint() {
        return X509Authenticator.thumbprint(chain[0], "SHA-1");
    }

    public String sha256Thumbprint() {
        return X509Authenticator.thumbprint(chain[0], "SHA-256");
    }

    /** A PKCS12 key store with the key and chain under {@value #ALIAS}. */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, privateKey, password, chain);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context presenting this certificate and trusting {@code hub}'s certificate only. */
    public SSLContext sslContext(TlsMaterial hub) {
        try {
            char[] password = "unused".toCharArray();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(password), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(hub.trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain as PEM certificates, leaf first. */
    public String certificatePem() {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : chain) {
                sb.append(TlsMaterial.pem("CERTIFICATE", c.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public String privateKeyPem() {
        return TlsMaterial.pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /** Writes the chain and the unencrypted key as PEM files (the key file readable by its owner only where possible). */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        TlsMaterial.createParent(certificateFile);
        TlsMaterial.createParent(keyFile);
        Files.writeString(certificateFile, certificatePem(), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, privateKeyPem(), StandardCharsets.US_ASCII);
        ownerOnly(keyFile);
    }

    /** Writes {@link #keyStore(char[])} as a PKCS12 file. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        TlsMaterial.createParent(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore(password).store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write " + file, e);
        }
        ownerOnly(file);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the file keeps its default permissions
        }
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + chain[0].getSubjectX500Principal() + ", SHA-1 " + thumbprint() + "]";
    }
}

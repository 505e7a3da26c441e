package io.cameliothub.emulator.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Keeps a standalone hub's TLS identity in a directory, so that clients which trust its {@code ca.pem} or
 * {@code truststore.p12} keep trusting it after a restart: the certificate and its key ({@code ca-key.pem}, readable by
 * the owner only where the file system allows) are reused as long as the certificate names the hub's host and stays
 * valid for another day; otherwise a new pair is generated and written.
 */
public final class TlsMaterialStore {

    public static final String CERTIFICATE_FILE = "ca.pem";
    public static final String KEY_FILE = "ca-key.pem";
    public static final String TRUST_STORE_FILE = "truststore.p12";

    /** What {@link #loadOrGenerate} did, and why. */
    public record Result(TlsMaterial tls, boolean reused, String reason) {
    }

    private TlsMaterialStore() {
    }

    public static Result loadOrGenerate(Path dir, String hostName) throws IOException {
        Path certFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        String reason;
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                TlsMaterial stored = read(certFile, keyFile);
                reason = unusableBecause(stored.certificate(), hostName);
                if (reason == null) {
                    stored.writeTrustStore(dir.resolve(TRUST_STORE_FILE));
                    return new Result(stored, true, "reused from " + certFile);
                }
            } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
                reason = "the stored certificate or key cannot be read (" + e.getMessage() + ")";
            }
        } else {
            reason = "no certificate stored yet";
        }
        TlsMaterial fresh = TlsMaterial.generate(hostName);
        write(fresh, certFile, keyFile);
        fresh.writeTrustStore(dir.resolve(TRUST_STORE_FILE));
        return new Result(fresh, false, "generated: " + reason);
    }

    private static String unusableBecause(X509Certificate certificate, String hostName) throws GeneralSecurityException {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return "the stored certificate expires on " + certificate.getNotAfter().toInstant();
        }
        if (certificate.getSubjectAlternativeNames() == null || certificate.getSubjectAlternativeNames().stream()
                .noneMatch(san -> hostName.equalsIgnoreCase(String.valueOf(((List<?>) san).get(1))))) {
            return "the stored certificate does not name " + hostName;
        }
        return null;
    }

    private static TlsMaterial read(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certFile)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
        PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        return new TlsMaterial(certificate, key);
    }

    private static void write(TlsMaterial tls, Path certFile, Path keyFile) throws IOException {
        tls.writeCaCertificate(certFile);
        Files.deleteIfExists(keyFile);
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile); // not a POSIX file system
        }
        Files.writeString(keyFile, tls.privateKeyPem(), StandardCharsets.US_ASCII);
    }
}

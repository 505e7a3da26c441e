package io.cameliothub.emulator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for device certificates: {@link #generate(String)} makes a self-signed CA (EC P-256),
 * {@link #issue(String)} a client certificate with the given subject CN signed by it. {@link #selfSigned(String)} makes
 * a device certificate signed by its own key, for devices registered by thumbprint.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A new root CA valid from a day ago for ten years. */
    public static CertificateAuthority generate(String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name + ", O=iothub-emulator");
        Instant now = Instant.now();
        X509Certificate cert = build(subject, keys.getPublic(), subject, keys.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true);
        return new CertificateAuthority(cert, keys.getPrivate());
    }

    /** A self-signed client certificate with subject CN {@code commonName}, valid from a day ago for a year. */
    public static ClientCertificate selfSigned(String commonName) {
        Instant now = Instant.now();
        return selfSigned(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    public static ClientCertificate selfSigned(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + commonName);
        return new ClientCertificate(new X509Certificate[] {
            build(subject, keys.getPublic(), subject, keys.getPrivate(), notBefore, notAfter, false)
        }, keys.getPrivate());
    }

    /** A client certificate with subject CN {@code commonName} signed by this CA, valid from a day ago for a year. */
    public ClientCertificate issue(String commonName) {
        Instant now = Instant.now();
        return issue(commonName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    public ClientCertificate issue(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X509Certificate leaf = build(new X500Name("CN=" + commonName), keys.getPublic(),
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), privateKey,
                notBefore, notAfter, false);
        return new ClientCertificate(new X509Certificate[] {leaf, certificate}, keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        try {
            return TlsMaterial.pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
                                         Instant notBefore, Instant notAfter, boolean ca) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate a certificate for " + subject, e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + "]";
    }
}

package io.cameliothub.emulator.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * X.509 client-certificate authentication as IoT Hub does it. The TLS layer only collects the certificate chain the
 * client presented; this class decides: the identity must be registered for X.509 (self-signed: the leaf's SHA-1 or
 * SHA-256 thumbprint equals the primary or secondary one; CA-signed: the leaf's subject CN equals the device id, or
 * {@code deviceId/moduleId} for a module, and the chain verifies up to a CA the hub holds as verified), the leaf must
 * be valid now, and the device enabled.
 */
public final class X509Authenticator {

    private final DeviceRegistry registry;
    private final Clock clock;
    private final Map<Identity, X509Credentials> credentials = new ConcurrentHashMap<>();
    private final List<X509Certificate> verifiedCas = new CopyOnWriteArrayList<>();

    public X509Authenticator(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers an existing device or module for X.509 authentication (its keys stop working). */
    public void register(Identity identity, X509Credentials.Type type, String primaryThumbprint,
                         String secondaryThumbprint) {
        String generation = generationId(identity).orElseThrow(() -> notFound(identity));
        credentials.put(identity, new X509Credentials(type, primaryThumbprint, secondaryThumbprint, generation));
    }

    /** A CA certificate the hub holds as verified (proof of possession done): device certificates it signs are trusted. */
    public void addVerifiedCa(X509Certificate ca) {
        verifiedCas.add(ca);
    }

    /** The identity's current X.509 registration, if it has one. */
    public Optional<X509Credentials> credentials(Identity identity) {
        X509Credentials c = credentials.get(identity);
        if (c == null || !generationId(identity).map(c.generationId()::equals).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    public boolean isX509(Identity identity) {
        return credentials(identity).isPresent();
    }

    /**
     * Authenticates {@code claimed} with the chain its TLS client presented (leaf first).
     *
     * @throws HubException 401003 no/wrong/expired/untrusted certificate or no X.509 registration, 404001/404010 unknown
     *                      identity or disabled device
     */
    public AuthResult authenticate(List<X509Certificate> chain, Identity claimed) {
        if (!registry.exists(claimed)) {
            throw notFound(claimed);
        }
        if (chain == null || chain.isEmpty()) {
            throw unauthorized("no client certificate presented for " + claimed);
        }
        X509Credentials registered = credentials(claimed)
                .orElseThrow(() -> unauthorized(claimed + " is not registered for X.509 authentication"));
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw unauthorized("the client certificate expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw unauthorized("the client certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (registered.type() == X509Credentials.Type.SELF_SIGNED) {
            if (!registered.matches(thumbprint(leaf, "SHA-1")) && !registered.matches(thumbprint(leaf, "SHA-256"))) {
                throw unauthorized("the client certificate's thumbprint matches neither registered for " + claimed);
            }
        } else {
            String expectedCn = claimed.toString();
            if (!expectedCn.equals(commonName(leaf))) {
                throw unauthorized("the client certificate's subject CN is not " + expectedCn);
            }
            verifyChain(chain, now);
        }
        if (!registry.isEnabled(claimed)) {
            throw new HubException(IotHubError.DEVICE_NOT_FOUND, "device " + claimed.deviceId() + " is disabled");
        }
        return new AuthResult(claimed, leaf.getNotAfter().toInstant(),
                AuthResult.authMethodJson("device", "x509Certificate"), null);
    }

    /** Upper-case hex digest of the DER certificate: what IoT Hub calls the thumbprint. */
    public static String thumbprint(X509Certificate certificate, String algorithm) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void verifyChain(List<X509Certificate> chain, Instant now) {
        if (verifiedCas.isEmpty()) {
            throw unauthorized("the hub holds no verified CA certificate");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        // a client may send the root too; the anchor must not be part of the path
        path.removeIf(c -> verifiedCas.stream().anyMatch(ca -> ca.equals(c)));
        try {
            Set<TrustAnchor> anchors = verifiedCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (GeneralSecurityException e) {
            throw unauthorized("the client certificate is not signed by a verified CA");
        }
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private Optional<String> generationId(Identity identity) {
        if (identity.isModule()) {
            return registry.module(identity.deviceId(), identity.moduleId()).map(ModuleInfo::generationId);
        }
        return registry.device(identity.deviceId()).map(DeviceInfo::generationId);
    }

    private static HubException unauthorized(String why) {
        return new HubException(IotHubError.UNAUTHORIZED, why);
    }

    private static HubException notFound(Identity identity) {
        return new HubException(identity.isModule() ? IotHubError.MODULE_NOT_FOUND : IotHubError.DEVICE_NOT_FOUND,
                identity + " not found");
    }
}

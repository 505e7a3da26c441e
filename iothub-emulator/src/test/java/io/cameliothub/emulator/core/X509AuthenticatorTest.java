package io.cameliothub.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every X.509 acceptance and refusal the hub core decides, without a network (the heads only pass the chain in). */
class X509AuthenticatorTest {

    private static final String HOST = "hub.iothub.test";
    private static CertificateAuthority ca;
    private static ClientCertificate selfSigned;
    private static ClientCertificate otherSelfSigned;

    private final MutableClock clock = new MutableClock(Instant.now());
    private HubCore core;

    @BeforeAll
    static void certificates() {
        ca = CertificateAuthority.generate("test CA");
        selfSigned = CertificateAuthority.selfSigned("d1");
        otherSelfSigned = CertificateAuthority.selfSigned("d1");
    }

    @BeforeEach
    void setUp() {
        core = new HubCore(HOST, clock, HubTimer.NONE, HubLimits.defaults());
        core.registry().addDevice("d1");
        core.x509().register(Identity.device("d1"), X509Credentials.Type.SELF_SIGNED, selfSigned.thumbprint(), null);
        core.registry().addDevice("ca-device");
        core.x509().register(Identity.device("ca-device"), X509Credentials.Type.CERTIFICATE_AUTHORITY, null, null);
        core.x509().addVerifiedCa(ca.certificate());
    }

    private HubException refused(List<java.security.cert.X509Certificate> chain, Identity identity) {
        try {
            core.authenticate(chain, identity);
        } catch (HubException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void selfSignedByPrimaryThumbprintStampsX509() {
        AuthResult r = core.authenticate(selfSigned.chain(), Identity.device("d1"));
        assertThat(r.identity()).isEqualTo(Identity.device("d1"));
        assertThat(r.authMethod()).isEqualTo("{\"scope\":\"device\",\"type\":\"x509Certificate\",\"issuer\":\"iothub\"}");
        assertThat(r.expiresAt()).isEqualTo(selfSigned.certificate().getNotAfter().toInstant());
    }

    @Test
    void secondaryAndSha256ThumbprintsMatchInAnyCaseAndSeparators() {
        core.x509().register(Identity.device("d1"), X509Credentials.Type.SELF_SIGNED,
                otherSelfSigned.sha256Thumbprint().toLowerCase(), selfSigned.thumbprint().replaceAll("(..)(?!$)", "$1:"));
        assertThat(core.authenticate(selfSigned.chain(), Identity.device("d1")).identity().deviceId()).isEqualTo("d1");
        assertThat(core.authenticate(otherSelfSigned.chain(), Identity.device("d1")).identity().deviceId()).isEqualTo("d1");
    }

    @Test
    void anotherCertificateIsRefused() {
        HubException e = refused(otherSelfSigned.chain(), Identity.device("d1"));
        assertThat(e.code()).isEqualTo(401003);
        assertThat(e.getMessage()).contains("thumbprint");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefused() {
        clock.advance(Duration.ofDays(400));
        assertThat(refused(selfSigned.chain(), Identity.device("d1")).getMessage()).contains("expired");
        clock.advance(Duration.ofDays(-800));
        assertThat(refused(selfSigned.chain(), Identity.device("d1")).getMessage()).contains("not valid before");
    }

    @Test
    void unknownDisabledAndUnregisteredIdentitiesAreRefusedWithTheirCodes() {
        assertThat(refused(selfSigned.chain(), Identity.device("nobody")).code()).isEqualTo(404001);
        assertThat(refused(selfSigned.chain(), Identity.module("d1", "m")).code()).isEqualTo(404010);
        core.registry().addDevice("sas-device");
        assertThat(refused(selfSigned.chain(), Identity.device("sas-device")).code()).isEqualTo(401003);
        assertThat(refused(List.of(), Identity.device("d1")).code()).isEqualTo(401003);
        core.registry().setEnabled("d1", false);
        assertThat(refused(selfSigned.chain(), Identity.device("d1")).code()).isEqualTo(404001);
    }

    @Test
    void aRecreatedDeviceDoesNotInheritTheRegistration() {
        core.registry().removeDevice("d1");
        core.registry().addDevice("d1");
        assertThat(refused(selfSigned.chain(), Identity.device("d1")).getMessage()).contains("not registered for X.509");
    }

    @Test
    void caSignedNeedsTheDeviceIdAsCommonNameAndAVerifiedCa() {
        assertThat(core.authenticate(ca.issue("ca-device").chain(), Identity.device("ca-device")).identity().deviceId())
                .isEqualTo("ca-device");
        // the leaf alone (no CA in the chain) verifies too
        assertThat(core.authenticate(List.of(ca.issue("ca-device").certificate()), Identity.device("ca-device")))
                .isNotNull();
        assertThat(refused(ca.issue("someone-else").chain(), Identity.device("ca-device")).getMessage()).contains("CN");
        ClientCertificate foreign = CertificateAuthority.generate("foreign CA").issue("ca-device");
        HubException e = refused(foreign.chain(), Identity.device("ca-device"));
        assertThat(e.code()).isEqualTo(401003);
        assertThat(e.getMessage()).contains("verified CA");
        assertThat(refused(CertificateAuthority.selfSigned("ca-device").chain(), Identity.device("ca-device")).code())
                .isEqualTo(401003);
    }

    @Test
    void aModuleAuthenticatesByItsOwnRegistration() {
        core.registry().addModule("ca-device", "m1");
        core.x509().register(Identity.module("ca-device", "m1"), X509Credentials.Type.CERTIFICATE_AUTHORITY, null, null);
        assertThat(core.authenticate(ca.issue("ca-device/m1").chain(), Identity.module("ca-device", "m1")).identity())
                .isEqualTo(Identity.module("ca-device", "m1"));
        assertThat(refused(ca.issue("ca-device").chain(), Identity.module("ca-device", "m1")).code()).isEqualTo(401003);
    }

    @Test
    void keysOfAnX509DeviceAreRefused() {
        DeviceInfo d = core.registry().device("d1").orElseThrow();
        long se = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        String sr = HOST + "/devices/d1";
        String token = "SharedAccessSignature sig=" + URLEncoder.encode(SasTokens.sign(d.primaryKey(), sr + "\n" + se),
                StandardCharsets.UTF_8) + "&se=" + se + "&sr=" + sr;
        HubException e = refusedSas(token);
        assertThat(e.code()).isEqualTo(401003);
        assertThat(e.getMessage()).contains("X.509");
    }

    @Test
    void badThumbprintsAreRefusedAtRegistration() {
        HubException e = org.junit.jupiter.api.Assertions.assertThrows(HubException.class, () -> core.x509().register(
                Identity.device("d1"), X509Credentials.Type.SELF_SIGNED, "not-hex", null));
        assertThat(e.code()).isEqualTo(400004);
    }

    private HubException refusedSas(String token) {
        try {
            core.authenticate(token, Identity.device("d1"));
        } catch (HubException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }
}

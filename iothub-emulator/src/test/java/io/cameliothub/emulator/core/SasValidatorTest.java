package io.cameliothub.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SasValidatorTest {

    private static final String HOST = "hub.iothub.test";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private HubCore core;
    private DeviceInfo device;

    @BeforeEach
    void setUp() {
        core = new HubCore(HOST, clock, HubTimer.NONE, HubLimits.defaults());
        device = core.registry().addDevice("device-1");
    }

    private long se(Duration fromNow) {
        return clock.instant().plus(fromNow).getEpochSecond();
    }

    /** Signs {@code sr} exactly as given, the way the Java SDK (raw) or Node SDK (encoded) do. */
    private static String token(String sr, long se, String key, String skn) {
        String sig = URLEncoder.encode(SasTokens.sign(key, sr + "\n" + se), StandardCharsets.UTF_8);
        return "SharedAccessSignature sig=" + sig + "&se=" + se + "&sr=" + sr + (skn == null ? "" : "&skn=" + skn);
    }

    private static HubException refused(Runnable r) {
        try {
            r.run();
        } catch (HubException e) {
            return e;
        }
        throw new AssertionError("expected a HubException");
    }

    @Test
    void acceptsJavaSdkStyleRawResourceUri() {
        String t = token(HOST + "/devices/device-1", se(Duration.ofHours(1)), device.primaryKey(), null);
        AuthResult r = core.authenticate(t, Identity.device("device-1"));
        assertThat(r.identity()).isEqualTo(Identity.device("device-1"));
        assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(se(Duration.ofHours(1))));
        assertThat(r.authMethod()).isEqualTo("{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\"}");
        assertThat(r.policyName()).isNull();
    }

    @Test
    void acceptsNodeSdkStyleEncodedResourceUriSignedVerbatim() {
        String sr = URLEncoder.encode(HOST + "/devices/device-1", StandardCharsets.UTF_8);
        assertThat(sr).contains("%2F");
        String t = token(sr, se(Duration.ofHours(1)), device.primaryKey(), null);
        assertThat(core.authenticate(t).identity()).isEqualTo(Identity.device("device-1"));
    }

    @Test
    void signatureOverTheDecodedFormOfAnEncodedUriFails() {
        String sr = URLEncoder.encode(HOST + "/devices/device-1", StandardCharsets.UTF_8);
        long se = se(Duration.ofHours(1));
        String sig = URLEncoder.encode(SasTokens.sign(device.primaryKey(), HOST + "/devices/device-1\n" + se),
                StandardCharsets.UTF_8);
        String t = "SharedAccessSignature sr=" + sr + "&sig=" + sig + "&se=" + se;
        assertThat(refused(() -> core.authenticate(t)).code()).isEqualTo(401003);
    }

    @Test
    void acceptsSecondaryKeyAndAnyFieldOrderAndPrefixCase() {
        long se = se(Duration.ofMinutes(10));
        String sr = HOST + "/devices/device-1";
        String sig = URLEncoder.encode(SasTokens.sign(device.secondaryKey(), sr + "\n" + se), StandardCharsets.UTF_8);
        String t = "sharedaccesssignature se=" + se + "&sr=" + sr + "&sig=" + sig;
        assertThat(core.authenticate(t, Identity.device("device-1")).identity().deviceId()).isEqualTo("device-1");
    }

    @Test
    void audienceHostAndDeviceIdCompareCaseInsensitively() {
        String t = token("HUB.IoTHub.Test/devices/DEVICE-1", se(Duration.ofHours(1)), device.primaryKey(), null);
        assertThat(core.authenticate(t, Identity.device("device-1")).identity()).isEqualTo(Identity.device("device-1"));
        assertThat(core.authenticate(t).identity()).isEqualTo(Identity.device("device-1"));
        // a claimed identity (the MQTT client id) is a registry id and matches case-sensitively
        assertThat(refused(() -> core.authenticate(t, Identity.device("DEVICE-1"))).code()).isEqualTo(404001);
    }

    @Test
    void allowsFiveMinutesOfClockSkewButNoMore() {
        String t = token(HOST + "/devices/device-1", se(Duration.ofMinutes(-4)), device.primaryKey(), null);
        assertThat(core.authenticate(t, Identity.device("device-1"))).isNotNull();
        String old = token(HOST + "/devices/device-1", se(Duration.ofMinutes(-5).minusSeconds(2)), device.primaryKey(), null);
        assertThat(refused(() -> core.authenticate(old, Identity.device("device-1"))).code()).isEqualTo(401003);
    }

    @Test
    void refusesWrongKeyOtherAudienceAndGarbage() {
        long se = se(Duration.ofHours(1));
        Identity id = Identity.device("device-1");
        core.registry().addDevice("device-2");
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device-1", se, DeviceRegistry.generateKey(), null), id)).code())
                .isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device-2", se, device.primaryKey(), null), id)).code())
                .isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token("other.host/devices/device-1", se, device.primaryKey(), null), id)).code())
                .isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device-1", se, device.primaryKey(), null),
                Identity.device("device-2"))).code()).isEqualTo(401003);
        for (String bad : new String[] {null, "", "Bearer x", "SharedAccessSignature sr=a&se=1",
            "SharedAccessSignature sr=" + HOST + "/devices/device-1&sig=x&se=soon"}) {
            assertThat(refused(() -> core.authenticate(bad, id)).code()).isEqualTo(401003);
        }
    }

    @Test
    void unknownAndDisabledDevicesAreNotFound() {
        long se = se(Duration.ofHours(1));
        String key = DeviceRegistry.generateKey();
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/ghost", se, key, null), Identity.device("ghost"))).code())
                .isEqualTo(404001);
        core.registry().setEnabled("device-1", false);
        String t = token(HOST + "/devices/device-1", se, device.primaryKey(), null);
        HubException e = refused(() -> core.authenticate(t, Identity.device("device-1")));
        assertThat(e.code()).isEqualTo(404001);
        assertThat(e.getMessage()).doesNotContain(device.primaryKey());
    }

    @Test
    void moduleTokensNeedTheModuleKeyAndModuleAudience() {
        ModuleInfo m = core.registry().addModule("device-1", "mod");
        long se = se(Duration.ofHours(1));
        Identity mid = Identity.module("device-1", "mod");
        assertThat(core.authenticate(token(HOST + "/devices/device-1/modules/mod", se, m.primaryKey(), null), mid).identity())
                .isEqualTo(mid);
        assertThat(core.authenticate(token(HOST + "/devices/device-1/modules/mod", se, m.primaryKey(), null)).identity())
                .isEqualTo(mid);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device-1", se, device.primaryKey(), null), mid)).code())
                .isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device-1/modules/mod", se, device.primaryKey(), null), mid)).code())
                .isEqualTo(401003);
    }

    @Test
    void policyTokensNeedDeviceConnectAndASegmentPrefixAudience() {
        AccessPolicy device = core.registry().policy("device").orElseThrow();
        AccessPolicy reader = core.registry().addPolicy("reader", EnumSet.of(AccessPolicy.Right.REGISTRY_READ));
        long se = se(Duration.ofHours(1));
        Identity id = Identity.device("device-1");
        AuthResult r = core.authenticate(token(HOST + "/devices", se, device.primaryKey(), "device"), id);
        assertThat(r.policyName()).isEqualTo("device");
        assertThat(r.authMethod()).contains("\"scope\":\"hub\"");
        assertThat(core.authenticate(token(HOST + "/devices/device-1", se, device.secondaryKey(), "device"), id)).isNotNull();
        assertThat(core.authenticate(token(HOST, se, device.primaryKey(), "device"), id)).isNotNull();
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices/device", se, device.primaryKey(), "device"), id)).code())
                .as("not a per-segment prefix").isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices", se, reader.primaryKey(), "reader"), id)).code())
                .isEqualTo(401003);
        assertThat(refused(() -> core.authenticate(token(HOST + "/devices", se, device.primaryKey(), "nope"), id)).code())
                .isEqualTo(401003);
    }

    @Test
    void tokensMintedBySasTokensVerify() {
        String t = SasTokens.create(HOST + "/devices/device-1", device.primaryKey(), null, Duration.ofMinutes(1), clock);
        assertThat(core.authenticate(t).identity()).isEqualTo(Identity.device("device-1"));
        assertThat(SasToken.parse(t).toString()).doesNotContain("sig");
    }
}

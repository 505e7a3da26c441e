package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates SAS tokens as IoT Hub does: HMAC over {@code sr} exactly as sent plus {@code "\n" + se}, URL-decoded
 * {@code sig}, primary then secondary key, expiry with clock skew, audience host and ids compared case-insensitively.
 * A token with {@code skn} is checked against that shared access policy, which needs DeviceConnect and an audience
 * that is a per-segment prefix of the identity's resource URI.
 */
public final class SasValidator {

    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final DeviceRegistry registry;
    private final Clock clock;
    private final Duration skew;
    private final java.util.function.Predicate<Identity> x509Only;

    public SasValidator(DeviceRegistry registry, Clock clock, Duration skew) {
        this(registry, clock, skew, id -> false);
    }

    /** @param x509Only identities registered for X.509, whose keys IoT Hub does not accept */
    public SasValidator(DeviceRegistry registry, Clock clock, Duration skew,
                        java.util.function.Predicate<Identity> x509Only) {
        this.registry = registry;
        this.clock = clock;
        this.skew = skew;
        this.x509Only = x509Only;
    }

    /** Validates a token for the identity its audience names (AMQP CBS, HTTPS). */
    public AuthResult validate(String token) {
        SasToken sas = SasToken.parse(token);
        Identity identity = identityOf(sas.audience())
                .orElseThrow(() -> unauthorized("token audience is not a device or module"));
        return validate(sas, canonical(identity));
    }

    /** Validates a token presented for {@code claimed} (MQTT: the client id, matched case-sensitively). */
    public AuthResult validate(String token, Identity claimed) {
        return validate(SasToken.parse(token), claimed);
    }

    private AuthResult validate(SasToken sas, Identity claimed) {
        Instant expiresAt = Instant.ofEpochSecond(sas.expirySeconds());
        if (expiresAt.plus(skew).isBefore(clock.instant())) {
            throw unauthorized("token expired");
        }
        String stringToSign = sas.rawResource() + "\n" + sas.rawExpiry();
        String audience = sas.audience();
        if (sas.keyName() == null) {
            String expected = registry.hostName() + "/" + claimed.resourcePath();
            if (!audience.equalsIgnoreCase(expected) && !audience.equalsIgnoreCase(expected + "/")) {
                throw unauthorized("token does not apply to " + claimed);
            }
            String[] keys = registry.keys(claimed).orElseThrow(() -> notFound(claimed));
            if (x509Only.test(claimed)) {
                throw unauthorized(claimed + " authenticates with an X.509 certificate, not a key");
            }
            checkSignature(sas, stringToSign, keys);
            requireEnabled(claimed);
            return new AuthResult(claimed, expiresAt, AuthResult.authMethodJson("device", "sas"), null);
        }
        AccessPolicy policy = registry.policy(sas.keyName())
                .filter(p -> p.rights().contains(AccessPolicy.Right.DEVICE_CONNECT))
                .orElseThrow(() -> unauthorized("no policy with DeviceConnect named in skn"));
        if (!isSegmentPrefix(audience, registry.hostName() + "/" + claimed.resourcePath())) {
            throw unauthorized("token does not apply to " + claimed);
        }
        checkSignature(sas, stringToSign, new String[] {policy.primaryKey(), policy.secondaryKey()});
        if (!registry.exists(claimed)) {
            throw notFound(claimed);
        }
        requireEnabled(claimed);
        return new AuthResult(claimed, expiresAt, AuthResult.authMethodJson("hub", "sas"), policy.name());
    }

    /** Parses {@code host/devices/{id}[/modules/{mid}]} of this hub; empty for anything else. */
    public Optional<Identity> identityOf(String audience) {
        String a = audience.endsWith("/") ? audience.substring(0, audience.length() - 1) : audience;
        String[] parts = a.split("/", -1);
        if (!parts[0].equalsIgnoreCase(registry.hostName())) {
            return Optional.empty();
        }
        if (parts.length == 3 && parts[1].equalsIgnoreCase("devices") && !parts[2].isEmpty()) {
            return Optional.of(Identity.device(parts[2]));
        }
        if (parts.length == 5 && parts[1].equalsIgnoreCase("devices") && parts[3].equalsIgnoreCase("modules")
                && !parts[2].isEmpty() && !parts[4].isEmpty()) {
            return Optional.of(Identity.module(parts[2], parts[4]));
        }
        return Optional.empty();
    }

    /** An audience names ids case-insensitively; the registry's spelling wins. */
    private Identity canonical(Identity claimed) {
        if (registry.exists(claimed)) {
            return claimed;
        }
        Optional<DeviceInfo> device = registry.devices().stream()
                .filter(d -> d.deviceId().equalsIgnoreCase(claimed.deviceId())).findFirst();
        if (device.isEmpty()) {
            return claimed;
        }
        if (!claimed.isModule()) {
            return device.get().identity();
        }
        return registry.modules(device.get().deviceId()).stream()
                .filter(m -> m.moduleId().equalsIgnoreCase(claimed.moduleId()))
                .map(ModuleInfo::identity).findFirst().orElse(claimed);
    }

    private void requireEnabled(Identity identity) {
        if (!registry.isEnabled(identity)) {
            throw new HubException(IotHubError.DEVICE_NOT_FOUND, "device " + identity.deviceId() + " is disabled");
        }
    }

    static void checkSignature(SasToken sas, String stringToSign, String[] keys) {
        byte[] presented = sas.signature().getBytes(StandardCharsets.US_ASCII);
        for (String key : keys) {
            byte[] expected = SasTokens.sign(key, stringToSign).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, presented)) {
                return;
            }
        }
        throw unauthorized("signature does not match");
    }

    static boolean isSegmentPrefix(String prefix, String resource) {
        String p = trimSlash(prefix).toLowerCase(Locale.ROOT);
        String r = trimSlash(resource).toLowerCase(Locale.ROOT);
        return r.equals(p) || r.startsWith(p + "/");
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static HubException unauthorized(String why) {
        return new HubException(IotHubError.UNAUTHORIZED, why);
    }

    private static HubException notFound(Identity identity) {
        return new HubException(identity.isModule() ? IotHubError.MODULE_NOT_FOUND : IotHubError.DEVICE_NOT_FOUND,
                identity + " not found");
    }
}

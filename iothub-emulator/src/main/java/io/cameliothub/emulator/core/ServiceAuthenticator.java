package io.cameliothub.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Validates service-side SAS tokens: a token signed with a shared access policy's key, named by {@code skn}, whose
 * audience ({@code sr}) is the hub's host name or a per-segment prefix of the resource being accessed (compared
 * case-insensitively, as the service SDKs lower-case it). The HMAC covers {@code sr} exactly as sent, like device tokens.
 */
public final class ServiceAuthenticator {

    private final DeviceRegistry registry;
    private final Clock clock;
    private final Duration skew;

    public ServiceAuthenticator(DeviceRegistry registry, Clock clock, Duration skew) {
        this.registry = registry;
        this.clock = clock;
        this.skew = skew;
    }

    /**
     * @param resourcePath the path accessed below the host name (e.g. {@code devices/d1} or {@code messages/devicebound});
     *                     empty for the hub itself
     * @throws HubException 401003 for a token that is malformed, expired, not a policy token or signed wrongly
     */
    public ServiceAuth validate(String token, String resourcePath) {
        SasToken sas = SasToken.parse(token);
        if (sas.keyName() == null) {
            throw unauthorized("the service API needs a shared access policy token (skn)");
        }
        Instant expiresAt = Instant.ofEpochSecond(sas.expirySeconds());
        if (expiresAt.plus(skew).isBefore(clock.instant())) {
            throw unauthorized("token expired");
        }
        String resource = resourcePath == null || resourcePath.isEmpty() ? registry.hostName()
                : registry.hostName() + "/" + resourcePath;
        if (!SasValidator.isSegmentPrefix(sas.audience(), resource)) {
            throw unauthorized("token audience does not cover " + resource);
        }
        AccessPolicy policy = registry.policy(sas.keyName())
                .orElseThrow(() -> unauthorized("no shared access policy named in skn"));
        SasValidator.checkSignature(sas, sas.rawResource() + "\n" + sas.rawExpiry(),
                new String[] {policy.primaryKey(), policy.secondaryKey()});
        return new ServiceAuth(policy.name(), policy.rights(), expiresAt);
    }

    private static HubException unauthorized(String why) {
        return new HubException(IotHubError.UNAUTHORIZED, why);
    }
}

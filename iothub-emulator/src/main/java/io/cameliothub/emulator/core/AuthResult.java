package io.cameliothub.emulator.core;

import java.time.Instant;

/**
 * A successfully authenticated identity.
 *
 * @param expiresAt  the token's {@code se}; heads disconnect (or re-authenticate) at this time
 * @param authMethod the JSON IoT Hub stamps as {@code iothub-connection-auth-method}
 * @param policyName the {@code skn} of a policy-signed token, or null for a device-key token
 */
public record AuthResult(Identity identity, Instant expiresAt, String authMethod, String policyName) {

    public static String authMethodJson(String scope, String type) {
        return "{\"scope\":\"" + scope + "\",\"type\":\"" + type + "\",\"issuer\":\"iothub\"}";
    }
}

package io.cameliothub.component.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A shared access signature: either minted here from a key or handed over ready-made by the user. The token text is
 * available through {@link #value()} for the wire only; {@link #toString()} shows the audience and expiry, never the
 * signature.
 */
public final class SasToken {

    private static final String PREFIX = "SharedAccessSignature ";

    private final String value;
    private final String audience;
    private final Instant expiry;
    private final String policyName;

    SasToken(String value, String audience, Instant expiry, String policyName) {
        this.value = value;
        this.audience = audience;
        this.expiry = expiry;
        this.policyName = policyName;
    }

    /**
     * Reads a token of the form {@code SharedAccessSignature sr=...&sig=...&se=...[&skn=...]} (fields in any order).
     *
     * @throws IllegalArgumentException naming what is missing or malformed; the message never contains the signature
     */
    public static SasToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("sasToken is empty");
        }
        String trimmed = token.trim();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException(
                    "sasToken is malformed: expected it to start with 'SharedAccessSignature '");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : trimmed.substring(PREFIX.length()).trim().split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "sasToken is malformed: expected key=value fields separated by '&'");
            }
            fields.put(pair.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), pair.substring(eq + 1).trim());
        }
        for (String required : new String[] { "sr", "sig", "se" }) {
            if (!fields.containsKey(required) || fields.get(required).isEmpty()) {
                throw new IllegalArgumentException("sasToken is malformed: it has no '" + required + "' field");
            }
        }
        long expirySeconds;
        try {
            expirySeconds = Long.parseLong(fields.get("se"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sasToken is malformed: 'se' must be the expiry in seconds since the epoch");
        }
        String audience = URLDecoder.decode(fields.get("sr"), StandardCharsets.UTF_8);
        return new SasToken(trimmed, audience, Instant.ofEpochSecond(expirySeconds), fields.get("skn"));
    }

    /** The token as it goes on the wire. Never log it. */
    public String value() {
        return value;
    }

    /** The decoded resource URI the token grants access to, e.g. {@code hub.example.net/devices/device-1}. */
    public String audience() {
        return audience;
    }

    public Instant expiry() {
        return expiry;
    }

    /** The policy that signed the token, or null for a device (or module) key. */
    public String policyName() {
        return policyName;
    }

    public boolean isExpiredAt(Instant instant) {
        return !expiry.isAfter(instant);
    }

    @Override
    public String toString() {
        return "SasToken[audience=" + audience + ", expiry=" + expiry
               + (policyName != null ? ", policy=" + policyName : "") + "]";
    }
}

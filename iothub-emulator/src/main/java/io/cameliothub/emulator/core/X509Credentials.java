package io.cameliothub.emulator.core;

import java.util.Locale;

/**
 * How a device or module registered for X.509 authenticates: by the thumbprints of its self-signed certificate
 * (primary and secondary, SHA-1 or SHA-256 in hex) or by a certificate that a verified CA signed.
 *
 * @param generationId the registry generation the registration belongs to: a device deleted and created again under
 *                     the same id does not inherit it
 */
public record X509Credentials(Type type, String primaryThumbprint, String secondaryThumbprint, String generationId) {

    public enum Type {
        SELF_SIGNED, CERTIFICATE_AUTHORITY
    }

    public X509Credentials {
        primaryThumbprint = normalize(primaryThumbprint);
        secondaryThumbprint = normalize(secondaryThumbprint);
        if (type == Type.SELF_SIGNED && primaryThumbprint == null) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "a self-signed X.509 identity needs a primary thumbprint");
        }
    }

    /** Upper-case hex without separators; null stays null. @throws HubException 400004 for anything but 40 or 64 hex digits */
    static String normalize(String thumbprint) {
        if (thumbprint == null || thumbprint.isBlank()) {
            return null;
        }
        String t = thumbprint.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!(t.length() == 40 || t.length() == 64) || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID,
                    "an X.509 thumbprint is 40 (SHA-1) or 64 (SHA-256) hex digits");
        }
        return t;
    }

    boolean matches(String thumbprint) {
        return thumbprint.equals(primaryThumbprint) || thumbprint.equals(secondaryThumbprint);
    }
}

package io.cameliothub.component.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints SAS tokens from a symmetric key the way IoT Hub documents it: the signature is
 * Base64(HMAC-SHA256(Base64Decode(key), URL-encoded resource URI + "\n" + expiry)).
 */
public final class SasTokenSigner {

    private final byte[] key;
    private final String policyName;

    /**
     * @param base64Key  the device, module or policy key as Base64
     * @param policyName the policy name for policy-signed tokens, or null for a device or module key
     * @throws IllegalArgumentException if the key is not valid Base64 (the message does not contain the key)
     */
    public SasTokenSigner(String base64Key, String policyName) {
        this.key = decodeKey(base64Key);
        this.policyName = policyName;
    }

    static byte[] decodeKey(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("sharedAccessKey is empty: expected a Base64 key");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw notBase64(base64Key);
        }
        if (decoded.length == 0) {
            throw notBase64(base64Key);
        }
        return decoded;
    }

    /** The usual cause is a key (or connection string) in an endpoint URI without RAW(): its '+' arrives as a space. */
    private static IllegalArgumentException notBase64(String key) {
        return new IllegalArgumentException("sharedAccessKey is not valid Base64"
                                            + (key.trim().contains(" ")
                                                    ? ": it holds a space, which is what a '+' becomes in an endpoint URI"
                                                    : "")
                                            + ". In an endpoint URI, wrap keys and connection strings in RAW(...), e.g. "
                                            + "sharedAccessKey=RAW(...), so that '+', '/' and '=' arrive intact");
    }

    /**
     * The resource URI a device or module token is scoped to.
     */
    public static String resourceUri(String hostName, String deviceId, String moduleId) {
        String uri = hostName + "/devices/" + deviceId;
        return moduleId == null ? uri : uri + "/modules/" + moduleId;
    }

    /**
     * Mints a token for the resource URI, valid until the given instant (rounded up to the second, so that a token
     * never lives shorter than asked).
     */
    public SasToken sign(String resourceUri, Instant expiry) {
        long se = expiry.getNano() == 0 ? expiry.getEpochSecond() : expiry.getEpochSecond() + 1;
        String encodedUri = urlEncode(resourceUri);
        String signature = Base64.getEncoder().encodeToString(hmac(encodedUri + "\n" + se));
        StringBuilder token = new StringBuilder("SharedAccessSignature sr=").append(encodedUri)
                .append("&sig=").append(urlEncode(signature))
                .append("&se=").append(se);
        if (policyName != null) {
            token.append("&skn=").append(urlEncode(policyName));
        }
        return new SasToken(token.toString(), resourceUri, Instant.ofEpochSecond(se), policyName);
    }

    private byte[] hmac(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SasTokenSigner[" + (policyName != null ? "policy=" + policyName : "device key") + "]";
    }
}

package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints and signs SAS tokens the way the service SDKs do (resource URI URL-encoded). */
public final class SasTokens {

    private SasTokens() {
    }

    /** Base64(HMAC-SHA256(Base64Decode(key), stringToSign)). */
    public static String sign(String base64Key, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * A token for {@code resourceUri} (e.g. {@code hub.iothub.test/devices/device-1}) valid for {@code ttl}.
     *
     * @param policyName the {@code skn}, or null for a device or module key
     */
    public static String create(String resourceUri, String base64Key, String policyName, Duration ttl, Clock clock) {
        String sr = Urls.encode(resourceUri);
        long se = clock.instant().plus(ttl).getEpochSecond();
        String sig = Urls.encode(sign(base64Key, sr + "\n" + se));
        return "SharedAccessSignature sr=" + sr + "&sig=" + sig + "&se=" + se
                + (policyName == null ? "" : "&skn=" + Urls.encode(policyName));
    }

    public static String create(String resourceUri, String base64Key, Duration ttl) {
        return create(resourceUri, base64Key, null, ttl, Clock.systemUTC());
    }
}

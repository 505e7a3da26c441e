package io.cameliothub.emulator.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code SharedAccessSignature sr=..&sig=..&se=..[&skn=..]} token. {@code rawResource} and {@code rawExpiry}
 * are kept exactly as sent, because the signature covers them verbatim.
 */
public record SasToken(String rawResource, String rawExpiry, String signature, String keyName) {

    private static final String PREFIX = "sharedaccesssignature ";

    /** @throws HubException 401003 when the string is not a SAS token */
    public static SasToken parse(String token) {
        if (token == null || token.length() <= PREFIX.length()
                || !token.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            throw invalid("not a SharedAccessSignature");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : token.substring(PREFIX.length()).trim().split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid("malformed field");
            }
            fields.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1));
        }
        String sr = fields.get("sr");
        String sig = fields.get("sig");
        String se = fields.get("se");
        if (sr == null || sig == null || se == null || sr.isEmpty() || sig.isEmpty() || se.isEmpty()) {
            throw invalid("sr, sig and se are required");
        }
        String skn = fields.get("skn");
        try {
            return new SasToken(sr, se, Urls.decode(sig), skn == null || skn.isEmpty() ? null : Urls.decode(skn));
        } catch (IllegalArgumentException e) {
            throw invalid("bad encoding");
        }
    }

    /** The audience: the URL-decoded resource URI. */
    public String audience() {
        try {
            return Urls.decode(rawResource);
        } catch (IllegalArgumentException e) {
            throw invalid("bad encoding in sr");
        }
    }

    public long expirySeconds() {
        try {
            return Long.parseLong(Urls.decode(rawExpiry).trim());
        } catch (IllegalArgumentException e) {
            throw invalid("se is not a number");
        }
    }

    private static HubException invalid(String why) {
        return new HubException(IotHubError.UNAUTHORIZED, "invalid SAS token: " + why);
    }

    @Override
    public String toString() {
        return "SasToken[sr=" + rawResource + ", se=" + rawExpiry + ", skn=" + keyName + "]";
    }
}

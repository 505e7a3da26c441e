package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.Urls;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code k1=v1&k2=v2} segment of IoT Hub MQTT topics; keys and values percent-encoded. */
final class PropertyBag {

    private static final Logger LOG = LoggerFactory.getLogger(PropertyBag.class);

    private PropertyBag() {
    }

    /**
     * Decodes keys and values, the way the component decodes C2D bags: a pair with an empty name is skipped; a key
     * without {@code =} has the empty value (as {@code key=}); a name or value with a malformed percent escape, or
     * whose escapes are not UTF-8, is kept raw. Keys arrive as {@code $.mid} or {@code %24.mid} alike, since both
     * decode to the same string. Never throws.
     */
    static Map<String, String> decode(String bag) {
        Map<String, String> props = new LinkedHashMap<>();
        if (bag == null || bag.isEmpty()) {
            return props;
        }
        for (String pair : bag.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.isEmpty()) {
                continue;
            }
            props.put(decodeOrRaw(key), eq < 0 ? "" : decodeOrRaw(pair.substring(eq + 1)));
        }
        return props;
    }

    private static String decodeOrRaw(String raw) {
        String decoded = Urls.decodeStrict(raw);
        if (decoded == null) {
            LOG.info("property bag: '{}' is not valid percent-encoded UTF-8, kept raw", raw.length() > 40
                    ? raw.substring(0, 40) + "..." : raw);
            return raw;
        }
        return decoded;
    }

    /** Encodes the pairs, leaving out null and empty values (the Java device SDK cannot parse {@code key} or {@code key=}). */
    static String encode(Map<String, String> props) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(Urls.encode(e.getKey())).append('=').append(Urls.encode(e.getValue()));
        }
        return sb.toString();
    }
}

package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.Urls;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code k1=v1&k2=v2} segment of IoT Hub MQTT topics; keys and values percent-encoded. */
final class PropertyBag {

    private PropertyBag() {
    }

    /**
     * Decodes keys and values; a pair without {@code =} maps to null. Keys arrive as {@code $.mid} or {@code %24.mid}
     * alike, since both decode to the same string.
     *
     * @throws IllegalArgumentException on malformed percent escapes
     */
    static Map<String, String> decode(String bag) {
        Map<String, String> props = new LinkedHashMap<>();
        if (bag == null || bag.isEmpty()) {
            return props;
        }
        for (String pair : bag.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                props.put(Urls.decode(pair), null);
            } else {
                props.put(Urls.decode(pair.substring(0, eq)), Urls.decode(pair.substring(eq + 1)));
            }
        }
        return props;
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

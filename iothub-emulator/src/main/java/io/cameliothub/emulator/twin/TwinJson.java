package io.cameliothub.emulator.twin;

import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * IoT Hub's twin document rules, without state: parsing, the recursive merge where {@code null} deletes, and the
 * limits on keys, values, depth and section sizes. Every refusal is a {@link HubException} 400004 naming the section
 * and the offending key.
 */
public final class TwinJson {

    /** Desired and reported sections: 32 KB each; tags: 8 KB. */
    public static final int MAX_PROPERTIES_SIZE = 32 * 1024;
    public static final int MAX_TAGS_SIZE = 8 * 1024;
    public static final int MAX_KEY_LENGTH = 1024;
    public static final int MAX_STRING_LENGTH = 4 * 1024;
    /** Objects may nest this deep below the section's root. */
    public static final int MAX_DEPTH = 10;
    public static final long MAX_SAFE_INTEGER = 4503599627370495L;
    public static final long MIN_SAFE_INTEGER = -4503599627370496L;

    private TwinJson() {
    }

    /** Parses a JSON object; an empty or blank text is an empty object. @throws HubException 400004 */
    public static JsonObject parseObject(String json, String what) {
        if (json == null || json.isBlank()) {
            return new JsonObject();
        }
        try {
            Object value = Json.decodeValue(json);
            if (value instanceof JsonObject o) {
                return o;
            }
        } catch (DecodeException e) {
            throw invalid(what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
        throw invalid(what + " must be a JSON object");
    }

    /**
     * Checks a patch (or replacement) for a section before it is applied. Top-level {@code $version} and
     * {@code $metadata} are read-only and removed from the patch; other {@code $} keys are refused.
     */
    public static JsonObject checkPatch(JsonObject patch, String section) {
        JsonObject copy = patch.copy();
        copy.remove("$version");
        copy.remove("$metadata");
        copy.remove("$etag");
        checkObject(copy, section, section, 0);
        return copy;
    }

    private static void checkObject(JsonObject object, String section, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(section + ": '" + path + "' nests objects deeper than " + MAX_DEPTH + " levels");
        }
        for (Map.Entry<String, Object> e : object) {
            String key = e.getKey();
            checkKey(key, section, path);
            checkValue(e.getValue(), section, path + "." + key, depth);
        }
    }

    private static void checkValue(Object value, String section, String path, int depth) {
        if (value instanceof JsonObject o) {
            checkObject(o, section, path, depth + 1);
        } else if (value instanceof JsonArray a) {
            for (Object item : a) {
                if (item == null) {
                    throw invalid(section + ": '" + path + "' holds a null array element");
                }
                checkValue(item, section, path + "[]", depth);
            }
        } else if (value instanceof String s) {
            if (s.length() > MAX_STRING_LENGTH) {
                throw invalid(section + ": the string at '" + path + "' is longer than " + MAX_STRING_LENGTH
                        + " characters");
            }
        } else if (value instanceof Number n) {
            checkNumber(n, section, path);
        }
    }

    private static void checkNumber(Number n, String section, String path) {
        boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
        if (n instanceof BigInteger || n instanceof Long) {
            BigInteger big = n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
            if (big.compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0
                    || big.compareTo(BigInteger.valueOf(MIN_SAFE_INTEGER)) < 0) {
                throw invalid(section + ": the integer at '" + path + "' is outside " + MIN_SAFE_INTEGER + ".."
                        + MAX_SAFE_INTEGER);
            }
        } else if (!integral && n instanceof BigDecimal d && !Double.isFinite(d.doubleValue())) {
            throw invalid(section + ": the number at '" + path + "' is out of range");
        }
    }

    private static void checkKey(String key, String section, String path) {
        if (key.isEmpty()) {
            throw invalid(section + ": empty property name under '" + path + "'");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw invalid(section + ": a property name under '" + path + "' is longer than " + MAX_KEY_LENGTH
                    + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '$' || c == ' ' || c <= 0x1F || c >= 0x7F && c <= 0x9F) {
                throw invalid(section + ": property name '" + printable(key) + "' under '" + path
                        + "' contains a forbidden character ('.', '$', space or a control character)");
            }
        }
    }

    /** Merges {@code patch} into {@code target}: objects merge recursively, {@code null} deletes, anything else replaces. */
    public static void merge(JsonObject target, JsonObject patch) {
        for (Map.Entry<String, Object> e : patch) {
            Object value = e.getValue();
            if (value == null) {
                target.remove(e.getKey());
            } else if (value instanceof JsonObject o) {
                Object existing = target.getValue(e.getKey());
                JsonObject into = existing instanceof JsonObject x ? x : new JsonObject();
                merge(into, o);
                target.put(e.getKey(), into);
            } else {
                target.put(e.getKey(), value instanceof JsonArray a ? a.copy() : value);
            }
        }
    }

    /** Removes {@code null} members (a replacement document stores no nulls). */
    public static JsonObject withoutNulls(JsonObject doc) {
        JsonObject out = new JsonObject();
        merge(out, doc);
        return out;
    }

    /**
     * IoT Hub's size of a section: the sum of its property names and values, strings counted in characters, numbers
     * as 8 bytes and booleans as 4.
     */
    public static long size(Object value) {
        if (value instanceof JsonObject o) {
            long sum = 0;
            for (Map.Entry<String, Object> e : o) {
                sum += e.getKey().length() + size(e.getValue());
            }
            return sum;
        }
        if (value instanceof JsonArray a) {
            long sum = 0;
            for (Object item : a) {
                sum += size(item);
            }
            return sum;
        }
        if (value instanceof String s) {
            return s.length();
        }
        if (value instanceof Number) {
            return 8;
        }
        if (value instanceof Boolean) {
            return 4;
        }
        return 0;
    }

    /** @throws HubException 400004 when {@code section} is larger than {@code max} */
    public static void checkSize(JsonObject doc, int max, String section) {
        long size = size(doc);
        if (size > max) {
            throw invalid(section + " would be " + size + " bytes; IoT Hub allows " + max);
        }
    }

    static HubException invalid(String message) {
        return new HubException(IotHubError.ARGUMENT_INVALID, message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String printable(String key) {
        StringBuilder sb = new StringBuilder();
        key.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}

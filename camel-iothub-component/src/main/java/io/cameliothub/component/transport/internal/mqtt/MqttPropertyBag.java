package io.cameliothub.component.transport.internal.mqtt;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cameliothub.component.transport.IotHubMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The property bag IoT Hub carries at the end of MQTT topics: {@code key=value&key=value}, URL-encoded, with system
 * properties under {@code $.}-prefixed keys.
 */
final class MqttPropertyBag {

    private static final Logger LOG = LoggerFactory.getLogger(MqttPropertyBag.class);

    private MqttPropertyBag() {
    }

    /** Encodes a device-to-cloud message's properties (system ones first), or "" when it has none. */
    static String encode(IotHubMessage message) {
        StringBuilder bag = new StringBuilder(64);
        system(bag, "$.mid", message.getMessageId());
        system(bag, "$.cid", message.getCorrelationId());
        system(bag, "$.uid", message.getUserId());
        system(bag, "$.to", message.getTo());
        system(bag, "$.ce", message.getContentEncoding());
        system(bag, "$.ct", message.getContentType());
        if (message.getCreationTime() != null) {
            system(bag, "$.ctime", message.getCreationTime().toString());
        }
        if (message.getExpiryTime() != null) {
            system(bag, "$.exp", message.getExpiryTime().toString());
        }
        for (Map.Entry<String, String> e : message.getApplicationProperties().entrySet()) {
            append(bag, encode(e.getKey()), e.getValue());
        }
        return bag.toString();
    }

    private static void system(StringBuilder bag, String key, String value) {
        if (value != null) {
            append(bag, key, value);
        }
    }

    private static void append(StringBuilder bag, String encodedKey, String value) {
        if (!bag.isEmpty()) {
            bag.append('&');
        }
        bag.append(encodedKey);
        if (value != null) {
            bag.append('=').append(encode(value));
        }
    }

    /** Reads a cloud-to-device property bag into the message; see {@link #decode(String, String, IotHubMessage)}. */
    static void decode(String bag, IotHubMessage message) {
        decode(null, bag, message);
    }

    /**
     * Reads a cloud-to-device property bag into the message and never throws: one undecodable pair must not cost the
     * connection. A pair with an empty name is skipped; a key without {@code =} has the empty value, as {@code key=}
     * has; a name or value whose percent escapes are malformed or decode to invalid UTF-8 is kept raw (as received).
     * Anything skipped or kept raw is logged at WARN with the device and message id.
     */
    static void decode(String deviceId, String bag, IotHubMessage message) {
        if (bag == null || bag.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String pair : bag.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            if (rawKey.isEmpty()) {
                problems.add("a pair with an empty name was skipped");
                continue;
            }
            String key = decodeOrRaw(rawKey, problems, "name");
            String value = eq < 0 ? "" : decodeOrRaw(pair.substring(eq + 1), problems, "value of " + abbreviate(key));
            apply(key, value, message);
        }
        if (!problems.isEmpty()) {
            LOG.warn("{}: cloud-to-device message {} has an undecodable property bag, delivered as far as decodable: {}",
                    deviceId == null ? "device" : deviceId, message.getMessageId(), problems);
        }
    }

    private static String decodeOrRaw(String raw, List<String> problems, String what) {
        String decoded = decodeStrict(raw);
        if (decoded == null) {
            problems.add("the " + what + " '" + abbreviate(raw) + "' is kept raw (malformed percent escape or UTF-8)");
            return raw;
        }
        return decoded;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static void apply(String key, String value, IotHubMessage message) {
        switch (key) {
            case "$.mid" -> message.setMessageId(value);
            case "$.cid" -> message.setCorrelationId(value);
            case "$.uid" -> message.setUserId(value);
            case "$.to" -> message.setTo(value);
            case "$.ct" -> message.setContentType(value);
            case "$.ce" -> message.setContentEncoding(value);
            case "$.exp" -> message.setExpiryTime(instant(value));
            case "$.ctime" -> message.setCreationTime(instant(value));
            case "$.cdid" -> message.setConnectionDeviceId(value);
            case "$.cmid" -> message.setConnectionModuleId(value);
            case "iothub-ack" -> message.setAck(value);
            default -> {
                if (!key.startsWith("$.")) {
                    message.getApplicationProperties().put(key, value);
                }
            }
        }
    }

    private static Instant instant(String value) {
        if (value == null || value.isEmpty() || "0".equals(value)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null; // IoT Hub's own formats vary; an unreadable expiry must not lose the message
        }
    }

    /** Percent-encodes as {@link URLEncoder} does, but a space as {@code %20}; most values (ids) need no encoding. */
    static String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!unreserved(value.charAt(i))) {
                return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return value;
    }

    /** The characters URLEncoder leaves as they are. */
    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '*'
               || c == '_';
    }

    /** RFC 3986 percent-decoding ({@code +} stays {@code +}); null when an escape is malformed or the bytes are not UTF-8. */
    static String decodeStrict(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int literal = 0;
        for (int i = value.indexOf('%'); i >= 0; i = value.indexOf('%', literal)) {
            bytes.writeBytes(value.substring(literal, i).getBytes(StandardCharsets.UTF_8));
            int hi = i + 2 < value.length() ? hex(value.charAt(i + 1)) : -1;
            int lo = i + 2 < value.length() ? hex(value.charAt(i + 2)) : -1;
            if (hi < 0 || lo < 0) {
                return null;
            }
            bytes.write(hi << 4 | lo);
            literal = i + 3;
        }
        bytes.writeBytes(value.substring(literal).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}

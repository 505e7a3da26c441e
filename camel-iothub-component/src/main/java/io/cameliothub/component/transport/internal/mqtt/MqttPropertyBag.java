package io.cameliothub.component.transport.internal.mqtt;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import io.cameliothub.component.transport.IotHubMessage;

/**
 * The property bag IoT Hub carries at the end of MQTT topics: {@code key=value&key=value}, URL-encoded, with system
 * properties under {@code $.}-prefixed keys.
 */
final class MqttPropertyBag {

    private MqttPropertyBag() {
    }

    /** Encodes a device-to-cloud message's properties (system ones first), or "" when it has none. */
    static String encode(IotHubMessage message) {
        StringBuilder bag = new StringBuilder();
        system(bag, "mid", message.getMessageId());
        system(bag, "cid", message.getCorrelationId());
        system(bag, "uid", message.getUserId());
        system(bag, "to", message.getTo());
        system(bag, "ce", message.getContentEncoding());
        system(bag, "ct", message.getContentType());
        if (message.getCreationTime() != null) {
            system(bag, "ctime", message.getCreationTime().toString());
        }
        if (message.getExpiryTime() != null) {
            system(bag, "exp", message.getExpiryTime().toString());
        }
        for (Map.Entry<String, String> e : message.getApplicationProperties().entrySet()) {
            append(bag, encode(e.getKey()), e.getValue());
        }
        return bag.toString();
    }

    private static void system(StringBuilder bag, String key, String value) {
        if (value != null) {
            append(bag, "$." + key, value);
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

    /** Reads a cloud-to-device property bag into the message. */
    static void decode(String bag, IotHubMessage message) {
        if (bag == null || bag.isEmpty()) {
            return;
        }
        for (String pair : bag.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? null : decode(pair.substring(eq + 1));
            apply(key, value, message);
        }
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
                    message.getApplicationProperties().put(key, value == null ? "" : value);
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

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

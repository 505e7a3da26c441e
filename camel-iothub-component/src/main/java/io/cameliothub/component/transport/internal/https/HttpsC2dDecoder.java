package io.cameliothub.component.transport.internal.https;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cameliothub.component.transport.IotHubMessage;

/**
 * Reads a received cloud-to-device message from a 200 response: the body, the lock token from the quoted
 * {@code ETag}, {@code iothub-*} system properties, {@code ContentType}/{@code ContentEncoding}, and
 * {@code iothub-app-*} application properties. Header names match case-insensitively.
 */
final class HttpsC2dDecoder {

    /** The hub's time format, e.g. {@code 12/22/2017 12:14:12 AM}; ISO-8601 is read too. */
    private static final DateTimeFormatter HUB_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private HttpsC2dDecoder() {
    }

    static IotHubMessage decode(HttpResponse<byte[]> response) {
        IotHubMessage message = new IotHubMessage().setBody(response.body());
        String etag = response.headers().firstValue("etag").orElse(null);
        if (etag == null || etag.isBlank()) {
            throw new IllegalStateException("IoT Hub sent a cloud-to-device message without an ETag (lock token)");
        }
        message.setLockToken(unquote(etag));
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            if (h.getValue().isEmpty()) {
                continue;
            }
            String name = h.getKey();
            String value = h.getValue().get(0);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(HttpsMessageHeaders.APP_PREFIX)) {
                message.getApplicationProperties().put(name.substring(HttpsMessageHeaders.APP_PREFIX.length()), value);
                continue;
            }
            switch (lower) {
                case "iothub-messageid" -> message.setMessageId(value);
                case "iothub-correlationid" -> message.setCorrelationId(value);
                case "iothub-userid" -> message.setUserId(value);
                case "iothub-to" -> message.setTo(value);
                case "iothub-ack" -> message.setAck(value);
                case "iothub-sequencenumber" -> message.setSequenceNumber(parseLong(value));
                case "iothub-deliverycount" -> message.setDeliveryCount(parseInt(value));
                case "iothub-enqueuedtime" -> message.setEnqueuedTime(parseTime(value));
                case "iothub-expiry" -> message.setExpiryTime(parseTime(value));
                case "contenttype", "iothub-contenttype" -> message.setContentType(value);
                case "contentencoding", "iothub-contentencoding" -> message.setContentEncoding(value);
                default -> {
                    // other headers are HTTP's own
                }
            }
        }
        return message;
    }

    static String unquote(String etag) {
        String t = etag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    static Instant parseTime(String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.trim(), HUB_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static Long parseLong(String value) {
        try {
            return Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

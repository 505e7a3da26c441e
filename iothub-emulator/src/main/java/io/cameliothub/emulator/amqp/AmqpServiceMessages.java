package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.FeedbackQueue;
import io.cameliothub.emulator.core.FeedbackRecord;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.Urls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * What a backend sends and receives over AMQP: a C2D message sent to {@code /messages/devicebound} (the device named by
 * its {@code to}, {@code iothub-ack} as an application property, expiry from {@code absolute-expiry-time} or the header
 * TTL), and a feedback batch message (JSON array of records, content type {@value #FEEDBACK_CONTENT_TYPE}).
 */
final class AmqpServiceMessages {

    static final String FEEDBACK_CONTENT_TYPE = "application/vnd.microsoft.iothub.feedback.json";
    static final String ACK = "iothub-ack";

    private static final Pattern TO = Pattern.compile(
            "^(?:amqps?://[^/]+)?/devices/([^/]+)(?:/modules/([^/]+))?/messages/devicebound/?$", Pattern.CASE_INSENSITIVE);

    private AmqpServiceMessages() {
    }

    /** The identity a C2D message is for, from its {@code to}. @throws HubException 400004 */
    static Identity target(Message m) {
        String to = m.getAddress();
        Matcher matcher = to == null ? null : TO.matcher(to);
        if (matcher == null || !matcher.matches()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the message's 'to' must be "
                    + "/devices/{deviceId}[/modules/{moduleId}]/messages/devicebound, got " + to);
        }
        try {
            String deviceId = Urls.decode(matcher.group(1));
            return matcher.group(2) == null ? Identity.device(deviceId)
                    : Identity.module(deviceId, Urls.decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "bad percent-encoding in 'to': " + to);
        }
    }

    /** @throws HubException 400004 for an unknown {@code iothub-ack} */
    static C2dMessage toC2d(Message m) {
        C2dMessage.Builder b = C2dMessage.builder().body(AmqpMessages.body(m.getBody()));
        String messageId = id(m.getMessageId());
        if (messageId != null) {
            b.messageId(messageId);
        }
        b.correlationId(id(m.getCorrelationId()));
        if (m.getUserId() != null && m.getUserId().length > 0) {
            b.userId(new String(m.getUserId(), StandardCharsets.UTF_8));
        }
        b.contentType(m.getContentType()).contentEncoding(m.getContentEncoding());
        if (m.getProperties() != null && m.getProperties().getAbsoluteExpiryTime() != null) {
            b.expiryTime(m.getProperties().getAbsoluteExpiryTime().toInstant());
        } else if (m.getHeader() != null && m.getHeader().getTtl() != null) {
            b.ttl(Duration.ofMillis(m.getHeader().getTtl().longValue()));
        }
        if (m.getApplicationProperties() != null && m.getApplicationProperties().getValue() != null) {
            for (Map.Entry<String, Object> p : m.getApplicationProperties().getValue().entrySet()) {
                if (p.getKey().equalsIgnoreCase(ACK)) {
                    b.ack(ack(p.getValue()));
                } else if (p.getValue() != null) {
                    b.property(p.getKey(), AmqpMessages.text(p.getValue()));
                }
            }
        }
        return b.build();
    }

    /** IoT Hub's values, plus the Java service SDK's {@code positiveonly}/{@code negativeonly} (its enum names). */
    static AckMode ack(Object value) {
        String v = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "none" -> AckMode.NONE;
            case "positive", "positiveonly" -> AckMode.POSITIVE;
            case "negative", "negativeonly" -> AckMode.NEGATIVE;
            case "full" -> AckMode.FULL;
            default -> throw new HubException(IotHubError.ARGUMENT_INVALID,
                    "iothub-ack must be none, positive, negative or full, got " + value);
        };
    }

    /** One feedback message: the batch's records as IoT Hub's JSON array, {@code user-id} the hub's name. */
    static Message feedback(FeedbackQueue.Batch batch, String hubName, Instant now) {
        JsonArray records = new JsonArray();
        for (FeedbackRecord r : batch.records()) {
            records.add(new JsonObject()
                    .put("originalMessageId", r.originalMessageId())
                    .put("description", r.description())
                    .put("statusCode", r.status().wireName())
                    .put("deviceId", r.deviceId())
                    .put("deviceGenerationId", r.deviceGenerationId())
                    .put("enqueuedTimeUtc", DateTimeFormatter.ISO_INSTANT.format(r.enqueuedTimeUtc())));
        }
        Message m = Message.Factory.create();
        m.setMessageId(UUID.randomUUID().toString());
        m.setContentType(FEEDBACK_CONTENT_TYPE);
        m.setContentEncoding("utf-8");
        m.setUserId(hubName.getBytes(StandardCharsets.UTF_8));
        m.setMessageAnnotations(new MessageAnnotations(Map.of(AmqpMessages.ENQUEUED_TIME, Date.from(now),
                AmqpMessages.LOCK_TOKEN, batch.lockToken())));
        m.setBody(new Data(new Binary(records.encode().getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    /** The AMQP error the Java service SDK maps to the matching exception (its {@code amqpErrorCode}s). */
    static ErrorCondition condition(HubException e) {
        String symbol = switch (e.status()) {
            case 401 -> "amqp:unauthorized-access";
            case 403 -> "amqp:resource-limit-exceeded";
            case 404 -> "amqp:not-found";
            case 412 -> "amqp:precondition-failed";
            case 413 -> "amqp:link:message-size-exceeded";
            case 429 -> "com.microsoft:device-container-throttled";
            case 400 -> "com.microsoft:argument-error";
            default -> "amqp:internal-error";
        };
        return new ErrorCondition(Symbol.valueOf(symbol), e.getMessage());
    }

    private static String id(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary bin) {
            return new String(bin.getArray(), bin.getArrayOffset(), bin.getLength(), StandardCharsets.UTF_8);
        }
        return id.toString();
    }
}

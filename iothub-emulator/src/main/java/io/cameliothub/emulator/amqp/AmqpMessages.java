package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cMessage;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.SystemProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/** Translates between AMQP messages and the core's message model, and hub refusals into AMQP error conditions. */
final class AmqpMessages {

    static final Symbol LOCK_TOKEN = Symbol.valueOf("x-opt-lock-token");
    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("iothub-enqueuedtime");
    static final Symbol DELIVERY_COUNT = Symbol.valueOf("iothub-deliverycount");
    static final Symbol INTERFACE_ID = Symbol.valueOf("iothub-interface-id");
    static final Symbol DT_SUBJECT = Symbol.valueOf("dt-subject");

    /** Application properties the device may set that IoT Hub treats as system properties. */
    private static final Map<String, String> SYSTEM_APP_PROPERTIES = Map.of(
            "iothub-creation-time-utc", SystemProperties.CREATION_TIME_UTC,
            "iothub-outputname", SystemProperties.OUTPUT_NAME,
            "iothub-message-schema", SystemProperties.MESSAGE_SCHEMA);

    private AmqpMessages() {
    }

    static D2cMessage toD2c(Message m) {
        D2cMessage.Builder b = D2cMessage.builder().body(body(m.getBody()));
        system(b, SystemProperties.MESSAGE_ID, id(m.getMessageId()));
        system(b, SystemProperties.CORRELATION_ID, id(m.getCorrelationId()));
        if (m.getUserId() != null && m.getUserId().length > 0) {
            system(b, SystemProperties.USER_ID, new String(m.getUserId(), StandardCharsets.UTF_8));
        }
        system(b, SystemProperties.TO, m.getAddress());
        system(b, SystemProperties.CONTENT_TYPE, m.getContentType());
        system(b, SystemProperties.CONTENT_ENCODING, m.getContentEncoding());
        if (m.getProperties() != null && m.getProperties().getAbsoluteExpiryTime() != null) {
            system(b, SystemProperties.ABSOLUTE_EXPIRY_TIME,
                    DateTimeFormatter.ISO_INSTANT.format(m.getProperties().getAbsoluteExpiryTime().toInstant()));
        }
        MessageAnnotations annotations = m.getMessageAnnotations();
        if (annotations != null && annotations.getValue() != null) {
            system(b, SystemProperties.INTERFACE_ID, text(annotations.getValue().get(INTERFACE_ID)));
            system(b, SystemProperties.DT_SUBJECT, text(annotations.getValue().get(DT_SUBJECT)));
        }
        ApplicationProperties app = m.getApplicationProperties();
        if (app != null && app.getValue() != null) {
            for (Map.Entry<String, Object> e : app.getValue().entrySet()) {
                String key = e.getKey();
                if (key.equals(SystemProperties.CONNECTION_DEVICE_ID) || key.equals(SystemProperties.CONNECTION_MODULE_ID)) {
                    continue; // the hub stamps these itself
                }
                String system = SYSTEM_APP_PROPERTIES.get(key);
                if (system != null) {
                    b.systemProperty(system, text(e.getValue()));
                } else {
                    b.applicationProperty(key, text(e.getValue()));
                }
            }
        }
        return b.build();
    }

    /** A locked C2D message as IoT Hub sends it over AMQP (reference §3.3). */
    static Message toAmqp(LockedMessage locked) {
        C2dMessage c = locked.message();
        Message m = Message.Factory.create();
        m.setMessageId(c.messageId());
        m.setAddress(locked.to());
        if (c.correlationId() != null) {
            m.setCorrelationId(c.correlationId());
        }
        if (c.userId() != null) {
            m.setUserId(c.userId().getBytes(StandardCharsets.UTF_8));
        }
        if (c.contentType() != null) {
            m.setContentType(c.contentType());
        }
        if (c.contentEncoding() != null) {
            m.setContentEncoding(c.contentEncoding());
        }
        if (locked.expiryTime() != null) {
            m.getProperties().setAbsoluteExpiryTime(Date.from(locked.expiryTime()));
        }
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(ENQUEUED_TIME, Date.from(locked.enqueuedTime()));
        annotations.put(DELIVERY_COUNT, UnsignedByte.valueOf((byte) Math.min(locked.deliveryCount(), 255)));
        annotations.put(LOCK_TOKEN, locked.lockToken());
        annotations.put(SEQUENCE_NUMBER, UnsignedLong.valueOf(locked.sequenceNumber()));
        m.setMessageAnnotations(new MessageAnnotations(annotations));
        Map<String, Object> app = new LinkedHashMap<>(c.properties());
        if (c.ack() != AckMode.NONE) {
            app.put("iothub-ack", c.ack().wireValue());
        }
        m.setApplicationProperties(new ApplicationProperties(app));
        m.setBody(new Data(new Binary(c.body())));
        return m;
    }

    /** The lock token's 16 GUID bytes: the delivery tag of a C2D transfer. */
    static byte[] tag(String lockToken) {
        UUID uuid = UUID.fromString(lockToken);
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }

    /** IoT Hub's AMQP error condition for a refusal (reference §5.3). */
    static ErrorCondition condition(HubException e) {
        String symbol = switch (e.status()) {
            case 401 -> "amqp:unauthorized-access";
            case 404 -> "amqp:not-found";
            case 413 -> "amqp:link:message-size-exceeded";
            case 429 -> "com.microsoft:device-container-throttled";
            case 403 -> e.code() == 403002 ? "amqp:resource-limit-exceeded" : "com.microsoft:quota-exceeded";
            case 409 -> "amqp:link:stolen";
            case 412 -> "com.microsoft:message-lock-lost";
            case 400 -> "com.microsoft:argument-error";
            default -> "amqp:internal-error";
        };
        return new ErrorCondition(Symbol.valueOf(symbol), e.getMessage());
    }

    private static void system(D2cMessage.Builder b, String name, String value) {
        if (value != null) {
            b.systemProperty(name, value);
        }
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

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date d) {
            return DateTimeFormatter.ISO_INSTANT.format(d.toInstant());
        }
        if (value instanceof Binary bin) {
            return new String(bin.getArray(), bin.getArrayOffset(), bin.getLength(), StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    static byte[] body(Section body) {
        if (body instanceof Data data && data.getValue() != null) {
            Binary b = data.getValue();
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
            return out;
        }
        if (body instanceof AmqpValue value && value.getValue() != null) {
            Object v = value.getValue();
            if (v instanceof Binary bin) {
                return body(new Data(bin));
            }
            return v.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof AmqpSequence) {
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.cameliothub.component.transport.IotHubMessage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * IoT Hub messages to and from AMQP messages: system properties in the AMQP properties section, what the hub stamps
 * on cloud-to-device messages in the message annotations, user properties as application properties, the body as one
 * data section.
 */
final class AmqpMessageCodec {

    static final String CREATION_TIME = "iothub-creation-time-utc";
    static final String ACK = "iothub-ack";
    static final Symbol LOCK_TOKEN = Symbol.valueOf("x-opt-lock-token");
    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("iothub-enqueuedtime");
    static final Symbol DELIVERY_COUNT = Symbol.valueOf("iothub-deliverycount");

    private AmqpMessageCodec() {
    }

    static Message toAmqp(IotHubMessage message) {
        Message m = Message.Factory.create();
        if (message.getMessageId() != null) {
            m.setMessageId(message.getMessageId());
        }
        if (message.getCorrelationId() != null) {
            m.setCorrelationId(message.getCorrelationId());
        }
        if (message.getUserId() != null) {
            m.setUserId(message.getUserId().getBytes(StandardCharsets.UTF_8));
        }
        if (message.getTo() != null) {
            m.setAddress(message.getTo());
        }
        if (message.getContentType() != null) {
            m.setContentType(message.getContentType());
        }
        if (message.getContentEncoding() != null) {
            m.setContentEncoding(message.getContentEncoding());
        }
        if (message.getExpiryTime() != null) {
            m.getProperties().setAbsoluteExpiryTime(Date.from(message.getExpiryTime()));
        }
        Map<String, Object> app = new LinkedHashMap<>(message.getApplicationProperties());
        if (message.getCreationTime() != null) {
            app.put(CREATION_TIME, message.getCreationTime().toString());
        }
        if (!app.isEmpty()) {
            m.setApplicationProperties(new ApplicationProperties(app));
        }
        m.setBody(new Data(new Binary(message.getBody())));
        return m;
    }

    /** Encodes into a buffer that grows until the message fits. */
    static int encode(Message message, byte[][] buffer) {
        while (true) {
            try {
                return message.encode(buffer[0], 0, buffer[0].length);
            } catch (BufferOverflowException e) {
                buffer[0] = new byte[buffer[0].length * 2];
            }
        }
    }

    static IotHubMessage fromAmqp(Message m, byte[] deliveryTag) {
        IotHubMessage message = new IotHubMessage().setBody(body(m.getBody()));
        message.setMessageId(text(m.getMessageId()));
        message.setCorrelationId(text(m.getCorrelationId()));
        if (m.getUserId() != null && m.getUserId().length > 0) {
            message.setUserId(new String(m.getUserId(), StandardCharsets.UTF_8));
        }
        message.setTo(m.getAddress());
        message.setContentType(m.getContentType());
        message.setContentEncoding(m.getContentEncoding());
        if (m.getProperties() != null && m.getProperties().getAbsoluteExpiryTime() != null) {
            message.setExpiryTime(m.getProperties().getAbsoluteExpiryTime().toInstant());
        }
        Map<Symbol, Object> annotations = m.getMessageAnnotations() == null ? Map.of()
                : m.getMessageAnnotations().getValue();
        Object lockToken = annotations.get(LOCK_TOKEN);
        message.setLockToken(lockToken != null ? lockToken.toString() : tagAsLockToken(deliveryTag));
        if (annotations.get(DELIVERY_COUNT) instanceof Number n) {
            message.setDeliveryCount(n.intValue());
        }
        if (annotations.get(SEQUENCE_NUMBER) instanceof Number n) {
            message.setSequenceNumber(n.longValue());
        }
        if (annotations.get(ENQUEUED_TIME) instanceof Date d) {
            message.setEnqueuedTime(d.toInstant());
        }
        if (m.getApplicationProperties() != null && m.getApplicationProperties().getValue() != null) {
            for (Map.Entry<String, Object> e : m.getApplicationProperties().getValue().entrySet()) {
                if (ACK.equals(e.getKey())) {
                    message.setAck(text(e.getValue()));
                } else {
                    String value = text(e.getValue());
                    message.getApplicationProperties().put(e.getKey(), value == null ? "" : value);
                }
            }
        }
        return message;
    }

    private static String tagAsLockToken(byte[] tag) {
        if (tag == null || tag.length != 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(tag);
        return new UUID(b.getLong(), b.getLong()).toString();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Binary b) {
            return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        return value.toString();
    }

    private static byte[] body(Section body) {
        if (body instanceof Data data && data.getValue() != null) {
            Binary b = data.getValue();
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
            return out;
        }
        if (body instanceof AmqpValue value && value.getValue() != null) {
            return value.getValue() instanceof Binary b ? body(new Data(b))
                    : value.getValue().toString().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}

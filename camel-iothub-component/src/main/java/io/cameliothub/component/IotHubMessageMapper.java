package io.cameliothub.component;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import io.cameliothub.component.transport.IotHubMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Maps Camel messages to IoT Hub messages and back: CamelIotHub* headers to and from system properties, other headers
 * to and from application properties through the header filter strategy.
 */
final class IotHubMessageMapper {

    private final HeaderFilterStrategy filter;
    private final IotHubBodyConverter bodies;

    IotHubMessageMapper(HeaderFilterStrategy filter) {
        this(filter, new IotHubBodyConverter(IotHubBodyFormat.BYTES, false));
    }

    IotHubMessageMapper(HeaderFilterStrategy filter, IotHubBodyConverter bodies) {
        this.filter = filter;
        this.bodies = bodies;
    }

    IotHubMessage toIotHub(Exchange exchange) {
        return toIotHub(exchange.getMessage(), exchange);
    }

    /** Maps one Camel message (the exchange's, or an item of a batch) to an IoT Hub message. */
    IotHubMessage toIotHub(Message in, Exchange exchange) {
        IotHubMessage message = new IotHubMessage()
                .setMessageId(in.getHeader(IotHubConstants.MESSAGE_ID, String.class))
                .setCorrelationId(in.getHeader(IotHubConstants.CORRELATION_ID, String.class))
                .setContentType(in.getHeader(IotHubConstants.CONTENT_TYPE, String.class))
                .setContentEncoding(in.getHeader(IotHubConstants.CONTENT_ENCODING, String.class))
                .setUserId(in.getHeader(IotHubConstants.USER_ID, String.class))
                .setTo(in.getHeader(IotHubConstants.TO, String.class))
                .setExpiryTime(instant(in.getHeader(IotHubConstants.EXPIRY_TIME), IotHubConstants.EXPIRY_TIME))
                .setCreationTime(instant(in.getHeader(IotHubConstants.CREATION_TIME), IotHubConstants.CREATION_TIME));
        for (Map.Entry<String, Object> header : in.getHeaders().entrySet()) {
            Object value = header.getValue();
            if (value == null || header.getKey().startsWith("CamelIotHub")
                    || filter.applyFilterToCamelHeaders(header.getKey(), value, exchange)) {
                continue;
            }
            String text = IotHubPropertyText.of(value, exchange);
            if (text != null) {
                message.getApplicationProperties().put(header.getKey(), text);
            }
        }
        bodies.apply(in.getBody(), exchange, message);
        return message;
    }

    void toCamel(IotHubMessage message, Exchange exchange) {
        Message out = exchange.getMessage();
        out.setBody(message.getBody());
        for (Map.Entry<String, String> property : message.getApplicationProperties().entrySet()) {
            if (!filter.applyFilterToExternalHeaders(property.getKey(), property.getValue(), exchange)) {
                out.setHeader(property.getKey(), property.getValue());
            }
        }
        set(out, IotHubConstants.MESSAGE_ID, message.getMessageId());
        set(out, IotHubConstants.CORRELATION_ID, message.getCorrelationId());
        set(out, IotHubConstants.CONTENT_TYPE, message.getContentType());
        set(out, IotHubConstants.CONTENT_ENCODING, message.getContentEncoding());
        set(out, IotHubConstants.USER_ID, message.getUserId());
        set(out, IotHubConstants.TO, message.getTo());
        set(out, IotHubConstants.EXPIRY_TIME, message.getExpiryTime());
        set(out, IotHubConstants.CREATION_TIME, message.getCreationTime());
        set(out, IotHubConstants.ENQUEUED_TIME, message.getEnqueuedTime());
        set(out, IotHubConstants.DELIVERY_COUNT, message.getDeliveryCount());
        set(out, IotHubConstants.LOCK_TOKEN, message.getLockToken());
        set(out, IotHubConstants.SEQUENCE_NUMBER, message.getSequenceNumber());
        set(out, IotHubConstants.ACK, message.getAck());
        set(out, IotHubConstants.CONNECTION_DEVICE_ID, message.getConnectionDeviceId());
        set(out, IotHubConstants.CONNECTION_MODULE_ID, message.getConnectionModuleId());
    }

    private static void set(Message out, String header, Object value) {
        if (value != null) {
            out.setHeader(header, value);
        }
    }

    private static Instant instant(Object value, String header) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Date d) {
            return d.toInstant();
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        try {
            return Instant.parse(value.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Header " + header + " must be an Instant, a Date, epoch milliseconds or "
                                               + "an ISO-8601 instant, was: " + value);
        }
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * IoT Hub's AMQP twin and direct-method messages. Twin requests and responses travel on the pair of links at
 * {@code /devices/{id}[/modules/{mid}]/twin}, told apart by the {@code operation}/{@code resource} annotations and
 * paired by correlation id; method requests and responses on {@code .../methods/devicebound}, paired by a uuid
 * correlation id, the name in {@code IoThub-methodname}, the status in {@code IoThub-status} (an int).
 */
final class AmqpTwinCodec {

    static final Symbol OPERATION = Symbol.valueOf("operation");
    static final Symbol RESOURCE = Symbol.valueOf("resource");
    static final Symbol VERSION = Symbol.valueOf("version");
    static final Symbol STATUS = Symbol.valueOf("status");
    static final String REPORTED = "/properties/reported";
    static final String DESIRED_NOTIFICATIONS = "/notifications/twin/properties/desired";
    static final String DESIRED = "/properties/desired";
    static final String METHOD_NAME = "IoThub-methodname";
    static final String METHOD_STATUS = "IoThub-status";

    /** A message arriving on the twin receiver link. {@code correlationId} is null for desired notifications. */
    record TwinIncoming(String correlationId, int status, long version, byte[] body) {
        boolean isDesiredUpdate() {
            return correlationId == null;
        }
    }

    /** A method invocation arriving on the methods receiver link. */
    record MethodIncoming(Object correlationId, String name, byte[] body) {
    }

    private AmqpTwinCodec() {
    }

    static Message getTwin(UUID correlationId) {
        return twinRequest(correlationId, "GET", null, null, null);
    }

    static Message patchReported(UUID correlationId, byte[] patch, Long version) {
        return twinRequest(correlationId, "PATCH", REPORTED, version, patch);
    }

    static Message subscribeDesired(UUID correlationId) {
        return twinRequest(correlationId, "PUT", DESIRED_NOTIFICATIONS, null, null);
    }

    static Message unsubscribeDesired(UUID correlationId) {
        return twinRequest(correlationId, "DELETE", DESIRED_NOTIFICATIONS, null, null);
    }

    static Message methodResponse(Object correlationId, int status, byte[] payload) {
        Message m = Message.Factory.create();
        m.setCorrelationId(correlationId);
        Map<String, Object> app = new HashMap<>();
        app.put(METHOD_STATUS, status);
        m.setApplicationProperties(new ApplicationProperties(app));
        m.setBody(new Data(new Binary(payload == null ? new byte[0] : payload)));
        return m;
    }

    static TwinIncoming twinIncoming(Message m) {
        Object correlation = m.getCorrelationId();
        Map<Symbol, Object> annotations = m.getMessageAnnotations() == null
                ? Map.of() : m.getMessageAnnotations().getValue();
        Object resource = annotations.get(RESOURCE);
        boolean desired = correlation == null || DESIRED.equals(String.valueOf(resource));
        int status = number(annotations.get(STATUS), desired ? 200 : -1).intValue();
        long version = number(annotations.get(VERSION), -1).longValue();
        return new TwinIncoming(desired ? null : String.valueOf(correlation), status, version, body(m.getBody()));
    }

    static MethodIncoming methodIncoming(Message m) {
        Map<String, Object> app = m.getApplicationProperties() == null ? Map.of() : m.getApplicationProperties().getValue();
        Object name = app.get(METHOD_NAME);
        return new MethodIncoming(m.getCorrelationId(), name == null ? null : name.toString(), body(m.getBody()));
    }

    private static Message twinRequest(UUID correlationId, String operation, String resource, Long version, byte[] body) {
        Message m = Message.Factory.create();
        m.setCorrelationId(correlationId);
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(OPERATION, operation);
        if (resource != null) {
            annotations.put(RESOURCE, resource);
        }
        if (version != null) {
            annotations.put(VERSION, version);
        }
        m.setMessageAnnotations(new MessageAnnotations(annotations));
        if (body != null) {
            m.setBody(new Data(new Binary(body)));
        }
        return m;
    }

    private static Number number(Object value, long fallback) {
        if (value instanceof Number n) {
            return n;
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        return fallback;
    }

    private static byte[] body(Section section) {
        if (section instanceof Data data && data.getValue() != null) {
            Binary b = data.getValue();
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
            return out;
        }
        if (section instanceof org.apache.qpid.proton.amqp.messaging.AmqpValue value && value.getValue() != null) {
            return value.getValue().toString().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }
}

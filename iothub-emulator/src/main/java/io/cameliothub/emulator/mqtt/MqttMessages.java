package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cMessage;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.SystemProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/** Translates between MQTT property bags and the core's message model. */
final class MqttMessages {

    static final String RETAIN_PROPERTY = "mqtt-retain";
    static final String MESSAGE_TYPE_PROPERTY = "iothub-MessageType";

    private static final Map<String, String> SYSTEM_KEYS = Map.ofEntries(
            Map.entry("$.mid", SystemProperties.MESSAGE_ID),
            Map.entry("$.cid", SystemProperties.CORRELATION_ID),
            Map.entry("$.uid", SystemProperties.USER_ID),
            Map.entry("$.to", SystemProperties.TO),
            Map.entry("$.exp", SystemProperties.ABSOLUTE_EXPIRY_TIME),
            Map.entry("$.ct", SystemProperties.CONTENT_TYPE),
            Map.entry("$.ce", SystemProperties.CONTENT_ENCODING),
            Map.entry("$.ctime", SystemProperties.CREATION_TIME_UTC),
            Map.entry("$.on", SystemProperties.OUTPUT_NAME),
            Map.entry("$.ifid", SystemProperties.INTERFACE_ID),
            Map.entry("$.sub", SystemProperties.DT_SUBJECT),
            Map.entry("$.schema", SystemProperties.MESSAGE_SCHEMA));

    private MqttMessages() {
    }

    /** A D2C message from a decoded topic bag and payload. {@code $.cdid}/{@code $.cmid} are dropped: the hub stamps them. */
    static D2cMessage toD2c(Map<String, String> bag, byte[] payload, boolean retain) {
        D2cMessage.Builder b = D2cMessage.builder().body(payload);
        for (Map.Entry<String, String> e : bag.entrySet()) {
            String key = e.getKey();
            if (key.equals("$.cdid") || key.equals("$.cmid")) {
                continue;
            }
            String system = SYSTEM_KEYS.get(key);
            if (system != null) {
                b.systemProperty(system, e.getValue());
            } else if (key.startsWith("$.")) {
                b.systemProperty(key, e.getValue());
            } else {
                b.applicationProperty(key, e.getValue());
            }
        }
        if (retain) {
            b.applicationProperty(RETAIN_PROPERTY, "true");
        }
        return b.build();
    }

    /** A will message becomes telemetry with {@code iothub-MessageType=Will}. */
    static D2cMessage toWill(Map<String, String> bag, byte[] payload, boolean retain) {
        Map<String, String> props = new LinkedHashMap<>(bag);
        props.put(MESSAGE_TYPE_PROPERTY, "Will");
        return toD2c(props, payload == null ? new byte[0] : payload, retain);
    }

    /**
     * The C2D property bag: {@code %24.mid} first (the Java SDK parses from the first {@code %24}), then {@code %24.to}
     * and the other system properties, {@code iothub-ack}, then application properties.
     */
    static String c2dBag(LockedMessage locked) {
        C2dMessage m = locked.message();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("$.mid", m.messageId());
        props.put("$.to", locked.to());
        props.put("$.cid", m.correlationId());
        props.put("$.uid", m.userId());
        props.put("$.ct", m.contentType());
        props.put("$.ce", m.contentEncoding());
        if (m.ack() != AckMode.NONE) {
            props.put("iothub-ack", m.ack().wireValue());
        }
        m.properties().forEach(props::putIfAbsent);
        return PropertyBag.encode(props);
    }
}

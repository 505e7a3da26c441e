package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device-to-cloud message as a head decoded it: body, system properties under IoT Hub's names
 * ({@link SystemProperties}) and application properties (a value may be null: a key sent without {@code =}).
 */
public final class D2cMessage {

    private final byte[] body;
    private final Map<String, String> systemProperties;
    private final Map<String, String> applicationProperties;

    private D2cMessage(Builder b) {
        this.body = b.body;
        this.systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.systemProperties));
        this.applicationProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.applicationProperties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public byte[] body() {
        return body.clone();
    }

    int bodyLength() {
        return body.length;
    }

    public Map<String, String> systemProperties() {
        return systemProperties;
    }

    public Map<String, String> applicationProperties() {
        return applicationProperties;
    }

    /** Size as IoT Hub meters it: body + system property values + application property names and values. */
    public int size() {
        int size = body.length;
        for (String v : systemProperties.values()) {
            size += utf8(v);
        }
        for (Map.Entry<String, String> e : applicationProperties.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue());
        }
        return size;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static final class Builder {
        private byte[] body = new byte[0];
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> applicationProperties = new LinkedHashMap<>();

        public Builder body(byte[] body) {
            this.body = body == null ? new byte[0] : body.clone();
            return this;
        }

        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        public Builder systemProperty(String name, String value) {
            systemProperties.put(name, value);
            return this;
        }

        public Builder applicationProperty(String name, String value) {
            applicationProperties.put(name, value);
            return this;
        }

        public D2cMessage build() {
            return new D2cMessage(this);
        }
    }
}

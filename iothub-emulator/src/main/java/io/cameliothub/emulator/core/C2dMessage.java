package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A cloud-to-device message as the service side sends it. Immutable; build with {@link #builder()}. */
public final class C2dMessage {

    private final byte[] body;
    private final String messageId;
    private final String correlationId;
    private final String userId;
    private final String contentType;
    private final String contentEncoding;
    private final Map<String, String> properties;
    private final AckMode ack;
    private final Duration ttl;
    private final Instant expiryTime;

    private C2dMessage(Builder b) {
        this.body = b.body;
        this.messageId = b.messageId != null ? b.messageId : UUID.randomUUID().toString();
        this.correlationId = b.correlationId;
        this.userId = b.userId;
        this.contentType = b.contentType;
        this.contentEncoding = b.contentEncoding;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.ack = b.ack;
        this.ttl = b.ttl;
        this.expiryTime = b.expiryTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static C2dMessage of(String body) {
        return builder().body(body).build();
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String messageId() {
        return messageId;
    }

    public String correlationId() {
        return correlationId;
    }

    public String userId() {
        return userId;
    }

    public String contentType() {
        return contentType;
    }

    public String contentEncoding() {
        return contentEncoding;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public AckMode ack() {
        return ack;
    }

    /** Time to live from enqueue, or null for the hub default (or {@link #expiryTime()}). */
    public Duration ttl() {
        return ttl;
    }

    /** Absolute expiry, or null. */
    public Instant expiryTime() {
        return expiryTime;
    }

    /** Size as IoT Hub meters it: body plus property names and values. */
    public int size() {
        int size = body.length;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            size += utf8(e.getKey()) + utf8(e.getValue());
        }
        for (String s : new String[] {messageId, correlationId, userId, contentType, contentEncoding}) {
            size += utf8(s);
        }
        return size;
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "C2dMessage[id=" + messageId + ", " + body.length + " bytes, ack=" + ack + "]";
    }

    public static final class Builder {
        private byte[] body = new byte[0];
        private String messageId;
        private String correlationId;
        private String userId;
        private String contentType;
        private String contentEncoding;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private AckMode ack = AckMode.NONE;
        private Duration ttl;
        private Instant expiryTime;

        public Builder body(byte[] body) {
            this.body = body == null ? new byte[0] : body.clone();
            return this;
        }

        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder contentEncoding(String contentEncoding) {
            this.contentEncoding = contentEncoding;
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            this.properties.putAll(properties);
            return this;
        }

        public Builder ack(AckMode ack) {
            this.ack = ack == null ? AckMode.NONE : ack;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder expiryTime(Instant expiryTime) {
            this.expiryTime = expiryTime;
            return this;
        }

        public C2dMessage build() {
            return new C2dMessage(this);
        }
    }
}

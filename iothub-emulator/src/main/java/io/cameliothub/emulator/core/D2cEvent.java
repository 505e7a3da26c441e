package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A telemetry message the hub accepted, as a back-end reader of {@code messages/events} would see it.
 * {@link #systemProperties()} holds what the device set plus the hub-stamped {@code iothub-connection-*} and
 * {@code iothub-enqueuedtime} values.
 */
public record D2cEvent(String deviceId, String moduleId, byte[] body, Map<String, String> systemProperties,
                       Map<String, String> applicationProperties, Protocol protocol, Instant enqueuedTime,
                       long sequenceNumber) {

    public D2cEvent {
        body = body.clone();
        systemProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(systemProperties));
        applicationProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(applicationProperties));
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String messageId() {
        return systemProperties.get(SystemProperties.MESSAGE_ID);
    }

    public String correlationId() {
        return systemProperties.get(SystemProperties.CORRELATION_ID);
    }

    public String contentType() {
        return systemProperties.get(SystemProperties.CONTENT_TYPE);
    }

    public String contentEncoding() {
        return systemProperties.get(SystemProperties.CONTENT_ENCODING);
    }

    public Identity identity() {
        return new Identity(deviceId, moduleId);
    }

    @Override
    public String toString() {
        return "D2cEvent[" + identity() + ", #" + sequenceNumber + ", " + protocol + ", " + body.length + " bytes, sys="
                + systemProperties + ", app=" + applicationProperties + "]";
    }
}

package io.cameliothub.component.transport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as IoT Hub sees it, on whichever wire: a body, system properties and application properties. Device-to-
 * cloud messages use the first group of system properties; cloud-to-device messages also carry what the hub stamps on
 * them (lock token, delivery count, enqueued time, sequence number, ack).
 */
public final class IotHubMessage {

    /** IoT Hub's limit for a device-to-cloud message, body and properties together. */
    public static final int MAX_D2C_SIZE = 256 * 1024;

    private byte[] body = new byte[0];
    private String messageId;
    private String correlationId;
    private String contentType;
    private String contentEncoding;
    private String userId;
    private String to;
    private Instant expiryTime;
    private Instant creationTime;
    private Instant enqueuedTime;
    private Integer deliveryCount;
    private String lockToken;
    private Long sequenceNumber;
    private String ack;
    private String connectionDeviceId;
    private String connectionModuleId;
    private final Map<String, String> applicationProperties = new LinkedHashMap<>();

    /**
     * The size IoT Hub counts against its limits: body, system property values, application property names and values.
     */
    public int size() {
        int size = body.length;
        for (String value : new String[] { messageId, correlationId, contentType, contentEncoding, userId, to }) {
            size += utf8Length(value);
        }
        for (Map.Entry<String, String> e : applicationProperties.entrySet()) {
            size += utf8Length(e.getKey()) + utf8Length(e.getValue());
        }
        return size;
    }

    private static int utf8Length(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    public byte[] getBody() {
        return body;
    }

    public IotHubMessage setBody(byte[] body) {
        this.body = body == null ? new byte[0] : body;
        return this;
    }

    public String getMessageId() {
        return messageId;
    }

    public IotHubMessage setMessageId(String messageId) {
        this.messageId = messageId;
        return this;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public IotHubMessage setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
        return this;
    }

    public String getContentType() {
        return contentType;
    }

    public IotHubMessage setContentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    public String getContentEncoding() {
        return contentEncoding;
    }

    public IotHubMessage setContentEncoding(String contentEncoding) {
        this.contentEncoding = contentEncoding;
        return this;
    }

    public String getUserId() {
        return userId;
    }

    public IotHubMessage setUserId(String userId) {
        this.userId = userId;
        return this;
    }

    public String getTo() {
        return to;
    }

    public IotHubMessage setTo(String to) {
        this.to = to;
        return this;
    }

    public Instant getExpiryTime() {
        return expiryTime;
    }

    public IotHubMessage setExpiryTime(Instant expiryTime) {
        this.expiryTime = expiryTime;
        return this;
    }

    public Instant getCreationTime() {
        return creationTime;
    }

    public IotHubMessage setCreationTime(Instant creationTime) {
        this.creationTime = creationTime;
        return this;
    }

    public Instant getEnqueuedTime() {
        return enqueuedTime;
    }

    public IotHubMessage setEnqueuedTime(Instant enqueuedTime) {
        this.enqueuedTime = enqueuedTime;
        return this;
    }

    public Integer getDeliveryCount() {
        return deliveryCount;
    }

    public IotHubMessage setDeliveryCount(Integer deliveryCount) {
        this.deliveryCount = deliveryCount;
        return this;
    }

    public String getLockToken() {
        return lockToken;
    }

    public IotHubMessage setLockToken(String lockToken) {
        this.lockToken = lockToken;
        return this;
    }

    public Long getSequenceNumber() {
        return sequenceNumber;
    }

    public IotHubMessage setSequenceNumber(Long sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
        return this;
    }

    public String getAck() {
        return ack;
    }

    public IotHubMessage setAck(String ack) {
        this.ack = ack;
        return this;
    }

    public String getConnectionDeviceId() {
        return connectionDeviceId;
    }

    public IotHubMessage setConnectionDeviceId(String connectionDeviceId) {
        this.connectionDeviceId = connectionDeviceId;
        return this;
    }

    public String getConnectionModuleId() {
        return connectionModuleId;
    }

    public IotHubMessage setConnectionModuleId(String connectionModuleId) {
        this.connectionModuleId = connectionModuleId;
        return this;
    }

    /** Application properties in the order they were added; mutable. */
    public Map<String, String> getApplicationProperties() {
        return applicationProperties;
    }

    @Override
    public String toString() {
        return "IotHubMessage[messageId=" + messageId + ", " + body.length + " bytes, "
               + applicationProperties.size() + " properties]";
    }
}

package io.cameliothub.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers that carry IoT Hub's system properties. Other headers travel as application properties.
 */
public final class IotHubConstants {

    private static final String PREFIX = "CamelIotHub";

    @Metadata(description = "The message id (IoT Hub system property message-id). Producer: sent when set; consumer: "
                            + "the cloud-to-device message's id.",
              javaType = "String")
    public static final String MESSAGE_ID = PREFIX + "MessageId";
    @Metadata(description = "The correlation id (system property correlation-id).", javaType = "String")
    public static final String CORRELATION_ID = PREFIX + "CorrelationId";
    @Metadata(description = "The body's content type, e.g. application/json (system property content-type). IoT Hub "
                            + "routing queries on the body need application/json.",
              javaType = "String")
    public static final String CONTENT_TYPE = PREFIX + "ContentType";
    @Metadata(description = "The body's content encoding, e.g. utf-8 (system property content-encoding).",
              javaType = "String")
    public static final String CONTENT_ENCODING = PREFIX + "ContentEncoding";
    @Metadata(description = "The user id (system property user-id).", javaType = "String")
    public static final String USER_ID = PREFIX + "UserId";
    @Metadata(description = "The destination (system property to); on cloud-to-device messages "
                            + "/devices/{deviceId}/messages/devicebound.",
              javaType = "String")
    public static final String TO = PREFIX + "To";
    @Metadata(description = "When the message expires (system property absolute-expiry-time).",
              javaType = "java.time.Instant")
    public static final String EXPIRY_TIME = PREFIX + "ExpiryTime";
    @Metadata(label = "producer", description = "When the device created the message (iothub-creation-time-utc).",
              javaType = "java.time.Instant")
    public static final String CREATION_TIME = PREFIX + "CreationTime";
    @Metadata(label = "consumer", description = "When IoT Hub enqueued the cloud-to-device message.",
              javaType = "java.time.Instant")
    public static final String ENQUEUED_TIME = PREFIX + "EnqueuedTime";
    @Metadata(label = "consumer", description = "How many times the cloud-to-device message was delivered (AMQP, HTTPS).",
              javaType = "Integer")
    public static final String DELIVERY_COUNT = PREFIX + "DeliveryCount";
    @Metadata(label = "consumer", description = "The lock token of the cloud-to-device message (AMQP, HTTPS): what "
                                                + "completes, abandons or rejects it.",
              javaType = "String")
    public static final String LOCK_TOKEN = PREFIX + "LockToken";
    @Metadata(label = "consumer", description = "The cloud-to-device message's sequence number (AMQP, HTTPS).",
              javaType = "Long")
    public static final String SEQUENCE_NUMBER = PREFIX + "SequenceNumber";
    @Metadata(label = "consumer", description = "The feedback the sender asked for: none, positive, negative or full "
                                                + "(iothub-ack).",
              javaType = "String")
    public static final String ACK = PREFIX + "Ack";
    @Metadata(description = "The device id IoT Hub stamped on the message (iothub-connection-device-id).",
              javaType = "String")
    public static final String CONNECTION_DEVICE_ID = PREFIX + "ConnectionDeviceId";
    @Metadata(description = "The module id IoT Hub stamped on the message (iothub-connection-module-id).",
              javaType = "String")
    public static final String CONNECTION_MODULE_ID = PREFIX + "ConnectionModuleId";

    @Metadata(label = "producer", description = "Gateway endpoints (gateway=true): the device this message is sent "
                                                + "for. Required; the exchange fails when it is missing.",
              javaType = "String")
    public static final String DEVICE_ID = PREFIX + "DeviceId";
    @Metadata(label = "producer", description = "Gateway endpoints (gateway=true): the module of the device this "
                                                + "message is sent for, if any.",
              javaType = "String")
    public static final String MODULE_ID = PREFIX + "ModuleId";

    @Metadata(label = "producer", description = "Overrides the endpoint's operation for this message: sendEvent, getTwin "
                                                + "or updateReportedProperties.",
              javaType = "io.cameliothub.component.IotHubOperation")
    public static final String OPERATION = PREFIX + "Operation";
    @Metadata(description = "The version of the twin's desired properties: after getTwin, and on each "
                                + "desired-properties change a consumer receives.",
              javaType = "Long")
    public static final String DESIRED_VERSION = PREFIX + "DesiredVersion";
    @Metadata(label = "producer", description = "The version of the twin's reported properties: set by getTwin and "
                                                + "updateReportedProperties (the new version). When set on an "
                                                + "updateReportedProperties exchange, the hub applies the patch only "
                                                + "if the reported version is still this one (optimistic concurrency).",
              javaType = "Long")
    public static final String REPORTED_VERSION = PREFIX + "ReportedVersion";
    @Metadata(label = "consumer", description = "True when a desired-properties exchange carries the whole desired "
                                                + "state (the first one, or after a reconnect with "
                                                + "desiredPropertiesFullState), false when it carries a patch.",
              javaType = "Boolean")
    public static final String DESIRED_FULL_STATE = PREFIX + "DesiredFullState";
    @Metadata(label = "consumer", description = "The name of the direct method called.", javaType = "String")
    public static final String METHOD_NAME = PREFIX + "MethodName";
    @Metadata(label = "consumer", description = "The hub's id for the method call.", javaType = "String")
    public static final String METHOD_REQUEST_ID = PREFIX + "MethodRequestId";
    @Metadata(label = "consumer", description = "Set by the route: the status the method answers with (default 200).",
              javaType = "Integer")
    public static final String METHOD_STATUS = PREFIX + "MethodStatus";

    private IotHubConstants() {
    }
}

package io.cameliothub.emulator.core;

/** System property names as IoT Hub exposes them on the service side. */
public final class SystemProperties {

    public static final String MESSAGE_ID = "message-id";
    public static final String CORRELATION_ID = "correlation-id";
    public static final String USER_ID = "user-id";
    public static final String TO = "to";
    public static final String ABSOLUTE_EXPIRY_TIME = "absolute-expiry-time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_ENCODING = "content-encoding";
    public static final String CREATION_TIME_UTC = "iothub-creation-time-utc";
    public static final String OUTPUT_NAME = "iothub-outputname";
    public static final String INTERFACE_ID = "iothub-interface-id";
    public static final String DT_SUBJECT = "dt-subject";
    public static final String MESSAGE_SCHEMA = "iothub-message-schema";

    /** Hub-stamped, device cannot set these. */
    public static final String CONNECTION_DEVICE_ID = "iothub-connection-device-id";
    public static final String CONNECTION_MODULE_ID = "iothub-connection-module-id";
    public static final String CONNECTION_AUTH_METHOD = "iothub-connection-auth-method";
    public static final String CONNECTION_AUTH_GENERATION_ID = "iothub-connection-auth-generation-id";
    public static final String ENQUEUED_TIME = "iothub-enqueuedtime";

    private SystemProperties() {
    }
}

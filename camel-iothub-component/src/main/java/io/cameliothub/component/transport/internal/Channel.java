package io.cameliothub.component.transport.internal;

/**
 * What a device exchanges with the hub over its connection. A wire says which channels it carries; the session
 * subscribes the wanted ones on every (re)connect.
 */
public enum Channel {
    /** Device-to-cloud messages. */
    TELEMETRY,
    /** Cloud-to-device messages. */
    C2D,
    /** Device twin: get, reported-properties patches, desired-property notifications (MQTT, AMQP). */
    TWIN,
    /** Direct method invocations and their responses (MQTT, AMQP). */
    METHODS
}

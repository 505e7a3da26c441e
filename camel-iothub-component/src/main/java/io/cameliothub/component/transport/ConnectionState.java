package io.cameliothub.component.transport;

/**
 * Where a transport's connection stands.
 */
public enum ConnectionState {
    /** Not opened yet. */
    NEW,
    /** Connecting for the first time. */
    CONNECTING,
    /** Connected and authenticated: messages flow. */
    CONNECTED,
    /** The connection dropped (or is renewing its token); reconnecting with backoff. */
    RECONNECTING,
    /** The hub refused the device for a reason retrying cannot fix (bad credentials, disabled device). */
    FAILED,
    /** Closed by the application. */
    CLOSED
}

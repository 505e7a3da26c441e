package io.cameliothub.emulator.core;

/** Why the hub ends a device connection. */
public enum DisconnectReason {
    /** A new connection for the same identity took over (IoT Hub 400027). */
    NEW_CONNECTION,
    /** The SAS token the connection authenticated with expired (401003 then 404104). */
    TOKEN_EXPIRED,
    /** The device was disabled or deleted. */
    DEVICE_DISABLED,
    /** Fault injection. */
    DROPPED,
    /** The device broke the protocol (bad topic, QoS 2, oversize message, ...). */
    PROTOCOL_VIOLATION,
    /** The hub refused a message in a way the protocol can only express by closing (MQTT). */
    MESSAGE_REFUSED,
    /** The hub is shutting down. */
    SHUTDOWN
}

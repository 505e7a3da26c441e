package io.cameliothub.component.transport;

/**
 * What a device can tell IoT Hub about a cloud-to-device message.
 */
public enum C2dOutcome {
    /** Done with it: the hub removes it from the device's queue. */
    COMPLETE,
    /** Give it back: the hub delivers it again, up to its maximum delivery count. */
    ABANDON,
    /** Refuse it: the hub dead-letters it. */
    REJECT
}

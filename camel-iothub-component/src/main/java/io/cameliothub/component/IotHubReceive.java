package io.cameliothub.component;

/**
 * What a consumer receives.
 */
public enum IotHubReceive {
    /** Cloud-to-device messages. */
    messages,
    /** Desired-property changes of the device's twin, one exchange per change. */
    desiredProperties,
    /** Direct-method calls; the route's result is the method's response. */
    methods
}

package io.cameliothub.component.transport.internal;

/**
 * The device's answer to a direct method.
 *
 * @param status  the status the device chose (IoT Hub passes it on to the caller as is)
 * @param payload the response payload, JSON or empty
 */
public record MethodResult(int status, byte[] payload) {
}

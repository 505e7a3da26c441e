package io.cameliothub.component.transport.internal;

/**
 * The hub's answer to a {@link TwinRequest}.
 *
 * @param status  the status IoT Hub gave (200 for a read, 204 for a patch)
 * @param version the new reported version after a patch, -1 when the hub gave none
 * @param body    the twin JSON of a read (empty for a patch)
 */
public record TwinReply(int status, long version, byte[] body) {
}

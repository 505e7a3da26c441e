package io.cameliothub.component.transport.internal;

import java.time.Duration;

/**
 * How a device session behaves, beyond where it connects and as whom.
 *
 * @param maxInFlight    the most device-to-cloud messages awaiting the hub's acknowledgement at once
 * @param maxQueued      the most messages waiting for room in the window; past it a send fails at once (retryable)
 * @param sendTimeout    how long a message may wait for its acknowledgement (queueing included) before it fails
 * @param reconnectMin   the shortest wait before reconnecting
 * @param reconnectMax   the longest wait before reconnecting
 * @param atMostOnce     MQTT QoS 0: fire and forget, no acknowledgement from the hub
 * @param failFastAfter  a send fails at once when the connection has been down longer than this (zero: never)
 */
public record TransportOptions(
        int maxInFlight,
        int maxQueued,
        Duration sendTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        boolean atMostOnce,
        Duration failFastAfter) {
}

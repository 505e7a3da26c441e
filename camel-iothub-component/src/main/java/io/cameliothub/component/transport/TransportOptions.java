package io.cameliothub.component.transport;

import java.time.Duration;

/**
 * How a transport behaves, beyond where it connects and as whom.
 *
 * @param maxInFlight      the most device-to-cloud messages awaiting the hub's acknowledgement at once
 * @param sendTimeout      how long a message may wait for its acknowledgement (queueing included) before it fails
 * @param reconnectMin     the shortest wait before reconnecting
 * @param reconnectMax     the longest wait before reconnecting
 * @param atMostOnce       MQTT QoS 0: fire and forget, no acknowledgement from the hub
 */
public record TransportOptions(
        int maxInFlight,
        Duration sendTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        boolean atMostOnce) {
}

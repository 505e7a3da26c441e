package io.cameliothub.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Fault injection for tests: drop connections, refuse new ones, expire sessions, throttle telemetry. */
public final class Faults {

    private final ConnectionRegistry connections;
    private final Clock clock;
    private volatile Instant refuseUntil = Instant.MIN;
    private volatile Instant throttleUntil = Instant.MIN;

    Faults(ConnectionRegistry connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /** Drops the device's live connection as a network failure would. Returns whether one was live. */
    public boolean dropConnection(String deviceId) {
        return connections.close(Identity.device(deviceId), DisconnectReason.DROPPED);
    }

    public boolean dropConnection(String deviceId, String moduleId) {
        return connections.close(Identity.module(deviceId, moduleId), DisconnectReason.DROPPED);
    }

    /** Disconnects the device as if its SAS token had expired now. */
    public boolean expireSession(String deviceId) {
        return connections.close(Identity.device(deviceId), DisconnectReason.TOKEN_EXPIRED);
    }

    public boolean expireSession(String deviceId, String moduleId) {
        return connections.close(Identity.module(deviceId, moduleId), DisconnectReason.TOKEN_EXPIRED);
    }

    /** New connections are refused (MQTT: CONNACK server unavailable) for {@code duration}. */
    public void refuseConnections(Duration duration) {
        refuseUntil = clock.instant().plus(duration);
    }

    public boolean refusingConnections() {
        return clock.instant().isBefore(refuseUntil);
    }

    /** Telemetry is refused with 429001 for {@code duration} (MQTT closes the connection, HTTPS answers 429). */
    public void throttle(Duration duration) {
        throttleUntil = clock.instant().plus(duration);
    }

    public boolean throttling() {
        return clock.instant().isBefore(throttleUntil);
    }

    /** Ends refusal and throttling. */
    public void reset() {
        refuseUntil = Instant.MIN;
        throttleUntil = Instant.MIN;
    }
}

package io.cameliothub.emulator.core;

import java.time.Instant;

/** A snapshot of a live device connection. */
public record ConnectionInfo(Identity identity, Protocol protocol, String remoteAddress, Instant connectedAt) {

    public String deviceId() {
        return identity.deviceId();
    }

    public String moduleId() {
        return identity.moduleId();
    }
}

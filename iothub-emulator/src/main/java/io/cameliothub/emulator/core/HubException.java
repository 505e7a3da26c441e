package io.cameliothub.emulator.core;

import java.util.Objects;

/** A refusal by the hub, carrying IoT Hub's HTTP status and six-digit error code. Never carries key material. */
public class HubException extends RuntimeException {

    private final IotHubError error;

    public HubException(IotHubError error, String message) {
        super(error.code() + " " + error.errorName() + ": " + message);
        this.error = Objects.requireNonNull(error);
    }

    public IotHubError error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    public int code() {
        return error.code();
    }
}

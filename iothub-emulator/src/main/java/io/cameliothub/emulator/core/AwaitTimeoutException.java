package io.cameliothub.emulator.core;

/** Thrown when an awaited event, record or state does not arrive in time. */
public class AwaitTimeoutException extends RuntimeException {

    public AwaitTimeoutException(String message) {
        super(message);
    }
}

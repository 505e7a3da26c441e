package io.cameliothub.component.transport;

/**
 * Told of every change of a transport's connection state.
 */
@FunctionalInterface
public interface ConnectionStateListener {
    /**
     * @param state the new state
     * @param cause why, for RECONNECTING and FAILED; else null
     */
    void onStateChange(ConnectionState state, Throwable cause);
}

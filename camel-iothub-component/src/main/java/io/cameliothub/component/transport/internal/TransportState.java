package io.cameliothub.component.transport.internal;

import io.cameliothub.component.transport.ConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's connection state and its last error; logs every change.
 */
public final class TransportState {

    private static final Logger LOG = LoggerFactory.getLogger(TransportState.class);

    private final String identity;
    private volatile ConnectionState state = ConnectionState.NEW;
    private volatile Throwable lastError;

    public TransportState(String identity) {
        this.identity = identity;
    }

    public ConnectionState get() {
        return state;
    }

    public Throwable lastError() {
        return lastError;
    }

    public void set(ConnectionState next, Throwable cause) {
        ConnectionState previous;
        synchronized (this) {
            previous = state;
            if (cause != null) {
                lastError = cause;
            }
            if (previous == next || previous == ConnectionState.CLOSED) {
                return;
            }
            state = next;
        }
        if (next == ConnectionState.RECONNECTING || next == ConnectionState.FAILED) {
            LOG.warn("{}: {} -> {}{}", identity, previous, next, cause == null ? "" : ": " + cause.getMessage());
        } else {
            LOG.info("{}: {} -> {}", identity, previous, next);
        }
    }
}

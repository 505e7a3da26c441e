package io.cameliothub.component.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport's connection state, its last error and the listeners told of changes. Shared by every wire.
 */
public final class TransportState {

    private static final Logger LOG = LoggerFactory.getLogger(TransportState.class);

    private final String identity;
    private final List<ConnectionStateListener> listeners = new CopyOnWriteArrayList<>();
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
            if (previous == next || previous == ConnectionState.CLOSED) {
                return;
            }
            state = next;
            if (cause != null) {
                lastError = cause;
            }
        }
        if (next == ConnectionState.RECONNECTING || next == ConnectionState.FAILED) {
            LOG.warn("{}: {} -> {}{}", identity, previous, next, cause == null ? "" : ": " + cause.getMessage());
        } else {
            LOG.info("{}: {} -> {}", identity, previous, next);
        }
        for (ConnectionStateListener l : listeners) {
            try {
                l.onStateChange(next, cause);
            } catch (RuntimeException e) {
                LOG.warn("{}: a connection state listener failed", identity, e);
            }
        }
    }

    public void addListener(ConnectionStateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionStateListener listener) {
        listeners.remove(listener);
    }
}

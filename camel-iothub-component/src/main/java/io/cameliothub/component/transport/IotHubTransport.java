package io.cameliothub.component.transport;

import java.util.concurrent.CompletableFuture;

/**
 * One device's (or module's) link to IoT Hub over one wire. The producer and consumer use only this interface and never
 * learn which wire they run on. Implementations heal their connection by themselves (reconnect with backoff, fresh
 * tokens) and report what happens through {@link ConnectionStateListener}s.
 */
public interface IotHubTransport {

    /**
     * Opens the link. The future completes when the hub has accepted the device, and fails with an
     * {@link IotHubException} when it refused it for good (bad credentials, disabled device); transient failures are
     * retried inside the transport until {@link #close()}.
     */
    CompletableFuture<Void> open();

    /**
     * Sends a device-to-cloud message. The future completes when the hub acknowledged it and fails with an
     * {@link IotHubException} when the hub refused it, the connection dropped before the acknowledgement, or no
     * acknowledgement came in time. Never blocks for the acknowledgement; may block the caller while the in-flight
     * window and its waiting room are both full.
     */
    CompletableFuture<Void> send(IotHubMessage message);

    /**
     * Starts delivering cloud-to-device messages to the handler. One handler per device.
     */
    CompletableFuture<Void> subscribe(C2dHandler handler);

    /** Stops delivering cloud-to-device messages; unsettled ones come back later from the hub. */
    CompletableFuture<Void> unsubscribe();

    /** The connection's state, last error and listeners. */
    TransportState status();

    /** The current state of the connection. */
    default ConnectionState state() {
        return status().get();
    }

    /** The last failure seen, or null. */
    default Throwable lastError() {
        return status().lastError();
    }

    default void addStateListener(ConnectionStateListener listener) {
        status().addListener(listener);
    }

    default void removeStateListener(ConnectionStateListener listener) {
        status().removeListener(listener);
    }

    /** Closes the link; sends still waiting for an acknowledgement fail. */
    void close();
}

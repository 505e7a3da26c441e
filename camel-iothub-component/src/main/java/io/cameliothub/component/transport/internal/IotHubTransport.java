package io.cameliothub.component.transport.internal;

import io.cameliothub.component.transport.internal.twin.DesiredPropertiesTracker;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * One device's (or module's) link to IoT Hub. The producer and consumer use only this interface and never learn which
 * wire they run on. The link heals itself (reconnect with backoff, fresh tokens). Nothing here blocks, and outcomes are
 * delivered on the completions executor, never on an I/O or timer thread.
 */
public interface IotHubTransport {

    /**
     * Opens the link. The future completes when the hub has accepted the device, and fails with an
     * {@link IotHubException} when it refused it for good (bad credentials, disabled device); transient failures are
     * retried until {@link #close()}.
     */
    CompletableFuture<Void> open();

    /**
     * Sends a device-to-cloud message. The future completes when the hub acknowledged it and fails with an
     * {@link IotHubException} when the hub refused it, the connection dropped before the acknowledgement, no
     * acknowledgement came in time, or the send window and its queue are full. Never blocks.
     */
    CompletableFuture<Void> send(IotHubMessage message);

    /** Starts delivering cloud-to-device messages to the handler. One handler per device. */
    CompletableFuture<Void> subscribe(C2dHandler handler);

    /** Stops delivering cloud-to-device messages; unsettled ones come back later from the hub. */
    CompletableFuture<Void> unsubscribe();

    /**
     * A twin request (read, or reported-properties patch); completes with the hub's answer, fails with an
     * {@link IotHubException} carrying IoT Hub's status when the hub refused it, or when the device is not connected or
     * no answer came within the send timeout. Wires without twins (HTTPS) fail it with UnsupportedOperationException.
     */
    CompletableFuture<TwinReply> twin(TwinRequest request);

    /**
     * Starts delivering desired-property changes: on every (re)connect the session subscribes and reads the whole
     * twin, so changes made while the device was away arrive too (as one patch, or the whole state).
     */
    CompletableFuture<Void> subscribeDesired(DesiredHandler handler, DesiredPropertiesTracker.ResyncMode mode,
                                             boolean initialState);

    /**
     * Starts answering direct methods; the subscription is restored on every reconnect. A call the handler has not
     * answered within the timeout is answered 504 on its behalf (its late answer is dropped).
     */
    CompletableFuture<Void> subscribeMethods(MethodHandler handler, java.time.Duration timeout);

    /**
     * Stops delivering desired-property changes and ends the subscription with the hub (the twin stays usable for
     * requests). Another handler may subscribe afterwards.
     */
    CompletableFuture<Void> unsubscribeDesired();

    /**
     * Stops answering direct methods and ends the subscription with the hub, which then answers callers as for a
     * device that does not listen (404103). Another handler may subscribe afterwards.
     */
    CompletableFuture<Void> unsubscribeMethods();

    /** What only some wires can do (e.g. {@link C2dPoller}, {@link D2cBatchSender} over HTTPS). */
    default <T> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }

    /** The connection's state and last error. */
    TransportState status();

    /** What the session counted (messages, reconnects, cloud-to-device settlements...). */
    TransportMetrics metrics();

    default ConnectionState state() {
        return status().get();
    }

    /** The last failure seen, or null. */
    default Throwable lastError() {
        return status().lastError();
    }

    /** Closes the link; sends still waiting for an acknowledgement fail. */
    void close();
}

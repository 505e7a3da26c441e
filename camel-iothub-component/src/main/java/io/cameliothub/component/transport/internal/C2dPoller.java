package io.cameliothub.component.transport.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;

/**
 * Pull-style cloud-to-device receive, for wires without server push (HTTPS). Each call asks the hub for the oldest
 * waiting message and locks it; the caller settles it through the returned delivery before the lock expires.
 */
public interface C2dPoller {

    /**
     * Receives one message, or an empty result when the device's queue is empty. Fails with an {@link IotHubException}
     * when the hub refused the request.
     */
    CompletableFuture<Optional<C2dDelivery>> receive();
}

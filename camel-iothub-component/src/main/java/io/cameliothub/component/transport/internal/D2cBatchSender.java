package io.cameliothub.component.transport.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * A transport that can carry several device-to-cloud messages in one request (HTTPS).
 */
public interface D2cBatchSender {

    /**
     * Sends the messages, in order, in as few requests as the hub's size limit allows. Completes when the hub accepted
     * them all; fails with an {@link IotHubException} at the first refused request, saying how many messages the hub had
     * accepted before it.
     */
    CompletableFuture<Void> sendBatch(List<IotHubMessage> messages);
}

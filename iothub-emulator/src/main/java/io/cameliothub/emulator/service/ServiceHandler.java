package io.cameliothub.emulator.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Serves one operation of the service REST API. Runs on the HTTPS port's event loop and must not block: an operation
 * that waits (a direct method) returns a stage completed later. Refusals are {@link io.cameliothub.emulator.core.HubException}s
 * (thrown or completing the stage exceptionally); they become IoT Hub's error response.
 */
@FunctionalInterface
public interface ServiceHandler {

    CompletionStage<ServiceReply> handle(ServiceRequest request);

    /** A handler that answers at once. */
    static ServiceHandler sync(Function<ServiceRequest, ServiceReply> handler) {
        return request -> CompletableFuture.completedFuture(handler.apply(request));
    }
}

package io.cameliothub.component.transport.internal;

import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * One received cloud-to-device message and the means to settle it with the hub.
 */
public interface C2dDelivery {

    IotHubMessage message();

    /**
     * Tells the hub what became of the message. Over MQTT, where IoT Hub knows only "complete", every outcome
     * acknowledges the message (and acknowledgements go in the order messages arrived).
     */
    CompletableFuture<Void> settle(C2dOutcome outcome);

    /**
     * Whether the connection the message came on is gone, so that it can no longer be settled and the hub delivers it
     * again: such a message is not handed to the route, which would otherwise run twice for it.
     */
    default boolean stale() {
        return false;
    }
}

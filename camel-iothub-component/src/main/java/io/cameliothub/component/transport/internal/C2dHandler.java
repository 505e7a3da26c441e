package io.cameliothub.component.transport.internal;

/**
 * Receives cloud-to-device messages. Each delivery must be settled exactly once, when its processing is done.
 */
@FunctionalInterface
public interface C2dHandler {
    void onMessage(C2dDelivery delivery);
}

package io.cameliothub.component.transport.internal;

import io.cameliothub.component.transport.internal.twin.DesiredUpdate;

/**
 * Receives desired-property changes, each once and in version order, on the completions executor.
 */
@FunctionalInterface
public interface DesiredHandler {
    void onDesired(DesiredUpdate update);
}

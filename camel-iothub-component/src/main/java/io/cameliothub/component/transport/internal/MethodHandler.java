package io.cameliothub.component.transport.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Answers direct methods. Called on the completions executor; the future must complete (the session sends whatever it
 * completes with, or a 500 when it fails).
 */
@FunctionalInterface
public interface MethodHandler {
    CompletableFuture<MethodResult> invoke(MethodInvocation invocation);
}

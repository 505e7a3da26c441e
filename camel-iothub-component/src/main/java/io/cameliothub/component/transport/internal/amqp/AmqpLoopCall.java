package io.cameliothub.component.transport.internal.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.cameliothub.component.transport.IotHubException;

/**
 * A call from any thread onto a connection's loop whose outcome is a future of the loop's: it runs only while the
 * device's links are up, and a caller that gives up first (a twin request's deadline) fails the loop's future too, so
 * nothing it waited for stays behind in the links' pending requests.
 */
final class AmqpLoopCall {

    private AmqpLoopCall() {
    }

    static <T> CompletableFuture<T> run(AmqpConnection connection, BooleanSupplier linksUp,
                                        Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            connection.loop().execute(() -> {
                if (!linksUp.getAsBoolean() || result.isDone()) {
                    result.completeExceptionally(new IotHubException("The device's links are down", null, true));
                    return;
                }
                CompletableFuture<T> inner = task.get();
                inner.whenComplete((value, error) -> {
                    if (error == null) {
                        result.complete(value);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
                result.whenComplete((value, error) -> {
                    if (error != null) {
                        inner.completeExceptionally(error);
                    }
                });
                connection.flush();
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IotHubException("The AMQP connection is closed", null, true, e));
        }
        return result;
    }
}

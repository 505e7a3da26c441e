package io.cameliothub.component.transport.internal.amqp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AmqpEventLoopTest {

    private final ExecutorService io = Executors.newCachedThreadPool();
    private final AmqpEventLoop loop = new AmqpEventLoop("test:5671", io);

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    @Test
    void engineCodeOffTheLoopFailsFastAndOnTheLoopRuns() throws Exception {
        assertThatThrownBy(loop::assertInLoop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("instead of its event loop");
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        loop.execute(() -> {
            loop.assertInLoop();
            onLoop.complete(true);
        });
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
        loop.execute(loop::shutdown);
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() throws Exception {
        loop.execute(() -> {
            throw new IllegalStateException("a handler failed");
        });
        CompletableFuture<String> next = new CompletableFuture<>();
        loop.execute(() -> next.complete("still running"));
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("still running");
        loop.execute(loop::shutdown);
    }

    @Test
    void aTaskHandedOverAfterShutdownIsRefusedNotDropped() {
        loop.execute(loop::shutdown);
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(
                () -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class));
    }
}

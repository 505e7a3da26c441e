package io.cameliothub.component.transport.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeQueueTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aBurstQueuedBeforeItsTaskStartsIsToldInOrderByOneTask() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        pool.execute(() -> await(gate));
        pool.execute(() -> await(gate)); // both pool threads busy: the burst below queues up
        OutcomeQueue queue = new OutcomeQueue(pool);
        List<String> told = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            int n = i;
            queue.execute(() -> {
                told.add("m" + n);
                threads.add(Thread.currentThread().getName());
                done.countDown();
            });
        }
        gate.countDown();

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("m" + i);
        }
        assertThat(told).containsExactlyElementsOf(expected);
        assertThat(threads.stream().distinct()).hasSize(1);
    }

    @Test
    void aBlockingCallbackDoesNotHoldUpTheOutcomesAfterIt() throws Exception {
        OutcomeQueue queue = new OutcomeQueue(pool);
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        queue.execute(() -> {
            await(second); // route code waiting for a later send of the same device
            firstDone.countDown();
        });
        Thread.sleep(50); // the first task has taken its burst and blocks
        queue.execute(second::countDown);

        assertThat(firstDone.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRefusingPoolLeavesNoOutcomeUntold() {
        OutcomeQueue queue = new OutcomeQueue(task -> {
            throw new RejectedExecutionException("stopping");
        });
        List<Integer> told = new ArrayList<>();

        queue.execute(() -> told.add(1));
        queue.execute(() -> told.add(2));

        assertThat(told).containsExactly(1, 2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

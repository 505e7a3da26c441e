package io.cameliothub.component.transport.internal;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a device's send outcomes to the completions pool in order, one pool task per burst: while a task drains the
 * queue, later outcomes join it instead of waking another thread. Unlike a plain serial executor it never drops an
 * outcome: when the pool refuses (the component is stopping), the caller runs what is queued itself.
 */
final class OutcomeQueue implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeQueue.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    OutcomeQueue(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("A send outcome's callback failed", e);
            }
        }
    }
}

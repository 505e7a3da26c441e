package io.cameliothub.component.transport.internal;

import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a device's send outcomes to the completions pool, one pool task per burst: outcomes that arrive before the
 * task starts join it and are told in the order they were settled. The task takes the whole queue at once, so an
 * outcome that arrives while it runs starts another task: a callback that blocks (route code waiting for a later send
 * of the same device) never holds up the outcomes after it. Unlike {@link SerialExecutor} it never drops an outcome:
 * when the pool refuses (the component is stopping), the caller runs them itself.
 */
final class OutcomeQueue implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeQueue.class);

    private final Executor pool;
    private ArrayList<Runnable> tasks = new ArrayList<>();

    OutcomeQueue(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (tasks.size() > 1) {
                return; // a task is on its way and takes this one too
            }
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drain();
        }
    }

    private void drain() {
        ArrayList<Runnable> batch;
        synchronized (this) {
            batch = tasks;
            tasks = new ArrayList<>();
        }
        for (Runnable next : batch) {
            try {
                next.run();
            } catch (RuntimeException e) {
                LOG.warn("A send outcome's callback failed", e);
            }
        }
    }
}

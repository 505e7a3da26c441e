package io.cameliothub.component.transport.internal.amqp;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread an AMQP connection runs on (borrowed from the component's I/O executor for the connection's life): it
 * waits on a selector for socket readiness, runs tasks handed over from other threads, and fires timers. The proton-j
 * engine is not thread-safe, so everything that touches it runs here, and asserts it does ({@link #assertInLoop()}).
 * A task handed over after shutdown is refused with a RejectedExecutionException, never dropped silently.
 */
final class AmqpEventLoop implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpEventLoop.class);

    /** Told when its channel is ready; runs on the loop. */
    interface IoHandler {
        void ready(SelectionKey key);
    }

    /** A scheduled task; cancel from the loop thread only. */
    static final class Timer implements Comparable<Timer> {
        private final long dueNanos;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long dueNanos, Runnable task) {
            this.dueNanos = dueNanos;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return Long.compare(dueNanos, o.dueNanos);
        }
    }

    private final String name;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    // loop-confined: the devices' senders encode here one message at a time (proton-j copies what it is sent)
    private final byte[][] encodeBuffer = { new byte[4096] };
    private volatile Thread thread;
    private volatile boolean running = true;

    AmqpEventLoop(String name, Executor io) {
        this.name = name;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a selector for the AMQP connection: " + e.getMessage(), e);
        }
        io.execute(this::run);
    }

    /** The scratch buffer messages are encoded into before a transfer; loop thread only, shared by all its links. */
    byte[][] encodeBuffer() {
        assertInLoop();
        return encodeBuffer;
    }

    @Override
    public void execute(Runnable task) {
        if (!running) {
            throw new RejectedExecutionException("The AMQP connection to " + name + " is closed");
        }
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** Fails fast when engine code runs off its loop: proton-j would corrupt silently. */
    void assertInLoop() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("AMQP engine code for " + name + " ran on " + Thread.currentThread().getName()
                                            + " instead of its event loop");
        }
    }

    /** Schedules a task on the loop; call on the loop. */
    Timer schedule(long delayMillis, Runnable task) {
        assertInLoop();
        Timer t = new Timer(System.nanoTime() + Math.max(0, delayMillis) * 1_000_000L, task);
        timers.add(t);
        return t;
    }

    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Stops the loop after the tasks already handed over have run; later tasks are refused. Loop thread. */
    void shutdown() {
        assertInLoop();
        running = false;
    }

    private void run() {
        thread = Thread.currentThread();
        String previousName = thread.getName();
        thread.setName("IotHubAmqp-" + name);
        try {
            while (running || !tasks.isEmpty()) {
                runOnce();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The AMQP event loop of {} stopped: {}", name, e.toString(), e);
        } finally {
            running = false;
            thread.setName(previousName);
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the selector: {}", e.toString());
            }
            Runnable late;
            while ((late = tasks.poll()) != null) {
                safely(late); // handed over in the race with shutdown: run rather than drop
            }
        }
    }

    private void runOnce() throws IOException {
        long timeoutMillis = 0;
        Timer next = timers.peek();
        if (next != null) {
            timeoutMillis = Math.max(1, (next.dueNanos - System.nanoTime()) / 1_000_000L + 1);
        }
        try {
            if (tasks.isEmpty() && running) {
                selector.select(timeoutMillis);
            } else {
                selector.selectNow();
            }
        } catch (IOException e) {
            if (!selector.isOpen()) {
                throw e;
            }
            LOG.warn("The AMQP event loop of {} could not select ({}); carrying on", name, e.toString());
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (key.isValid()) {
                safely(() -> ((IoHandler) key.attachment()).ready(key));
            }
        }
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
            Timer t = timers.poll();
            if (!t.cancelled) {
                safely(t.task);
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            safely(task);
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("An AMQP connection task failed: {}", e.toString(), e);
        }
    }
}

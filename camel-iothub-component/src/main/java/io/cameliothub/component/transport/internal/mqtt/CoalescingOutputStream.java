package io.cameliothub.component.transport.internal.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The output of a TLS socket under Paho's sender, which writes and flushes every packet by itself (one TLS record and
 * one {@code write} call each). A flush is held back while more telemetry PUBLISHes are known to be coming (the
 * connection's {@link PublishBacklog}) and the last packet written was a PUBLISH, up to about one TLS record of bytes;
 * so a burst leaves in full records and a lone message, or any other packet (PINGREQ, PUBACK, SUBSCRIBE, DISCONNECT),
 * leaves at once. A held flush is also bounded in time: one timer per connection, armed while something is held,
 * hands an overdue flush to the completions executor (a socket write never runs on the shared timer).
 */
final class CoalescingOutputStream extends OutputStream {

    /** The most plaintext one TLS record carries. */
    static final int RECORD = 16 * 1024;

    private final OutputStream socket;
    private final OutboundScanner scanner;
    private final PublishBacklog backlog;
    private final ScheduledExecutorService scheduler;
    private final Executor flusher;
    private final long holdNanos;
    private final byte[] buffer = new byte[RECORD];
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private int buffered;
    /** When the oldest held flush was held back (nanoTime), 0 when nothing is held. */
    private volatile long heldSince;

    CoalescingOutputStream(OutputStream socket, OutboundScanner scanner, PublishBacklog backlog,
                           ScheduledExecutorService scheduler, Executor flusher, long holdNanos) {
        this.socket = socket;
        this.scanner = scanner;
        this.backlog = backlog;
        this.scheduler = scheduler;
        this.flusher = flusher;
        this.holdNanos = holdNanos;
    }

    /** The decision, apart from the I/O: hold a flush back only while it can be joined by more, in one record. */
    static boolean hold(int pendingPublishes, boolean lastWasPublish, int bufferedBytes) {
        return pendingPublishes > 0 && lastWasPublish && bufferedBytes < RECORD;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        backlog.written(scanner.scan(b, off, len));
        if (buffered + len > RECORD) {
            drain();
        }
        if (len >= RECORD) {
            socket.write(b, off, len);
        } else {
            System.arraycopy(b, off, buffer, buffered, len);
            buffered += len;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (buffered > 0 && hold(backlog.pending(), scanner.lastWasPublish(), buffered)) {
            if (heldSince == 0) {
                heldSince = Math.max(1, System.nanoTime());
                arm(holdNanos);
            }
            return;
        }
        heldSince = 0;
        drain();
        socket.flush();
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0; // on failure the bytes are gone with the connection, as if the socket had taken them
            socket.write(buffer, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close(); // no lock: closing must unblock a writer stuck in a full socket
    }

    private void arm(long delayNanos) {
        if (timerArmed.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::timer, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                timerArmed.set(false); // stopping: the connection closes with whatever is held
            }
        }
    }

    /** On the shared timer: never touches the socket nor the lock a blocked writer may hold. */
    private void timer() {
        timerArmed.set(false);
        long since = heldSince;
        if (since == 0) {
            return;
        }
        long age = System.nanoTime() - since;
        if (age < holdNanos) {
            arm(holdNanos - age);
            return;
        }
        try {
            flusher.execute(this::flushHeld);
        } catch (RejectedExecutionException e) {
            // stopping: the connection closes with whatever is held, and unacknowledged messages fail with it
        }
    }

    private synchronized void flushHeld() {
        if (heldSince == 0) {
            return;
        }
        heldSince = 0;
        try {
            drain();
            socket.flush();
        } catch (IOException e) {
            // the connection is failing; Paho learns it from its own next write or read
        }
    }
}

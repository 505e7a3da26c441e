package io.cameliothub.component.transport.internal.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.internal.wire.MqttPingReq;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.cameliothub.component.transport.internal.mqtt.OutboundScannerTest.packet;
import static io.cameliothub.component.transport.internal.mqtt.OutboundScannerTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** The hold/flush decision over a recording stream; the wire itself is covered by the MQTT route tests. */
class CoalescingOutputStreamTest {

    /** What reached the socket: one entry per write, and how many flushes. */
    static final class Socket extends OutputStream {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;

        @Override
        public synchronized void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(len);
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized int written() {
            return bytes.size();
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Socket socket = new Socket();
    private final PublishBacklog backlog = new PublishBacklog();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private CoalescingOutputStream stream(long holdMillis) {
        return new CoalescingOutputStream(socket, new OutboundScanner(), backlog, scheduler, Runnable::run,
                TimeUnit.MILLISECONDS.toNanos(holdMillis));
    }

    private static void send(OutputStream out, byte[] packet) throws Exception {
        out.write(packet, 0, packet.length); // as Paho's sender: write, then flush, per packet
        out.flush();
    }

    @Test
    void holdsOnlyWhileMorePublishesAreComingTheLastWasOneAndARecordHasRoom() {
        assertThat(CoalescingOutputStream.hold(1, true, 1_000)).isTrue();
        assertThat(CoalescingOutputStream.hold(0, true, 1_000)).isFalse();
        assertThat(CoalescingOutputStream.hold(5, false, 1_000)).isFalse();
        assertThat(CoalescingOutputStream.hold(5, true, CoalescingOutputStream.RECORD)).isFalse();
    }

    @Test
    void aLonePublishLeavesAtOnce() throws Exception {
        CoalescingOutputStream out = stream(10_000);
        backlog.expect();
        send(out, publish(1_000));
        assertThat(socket.writes).hasSize(1);
        assertThat(socket.flushes).isEqualTo(1);
        assertThat(backlog.pending()).isZero();
    }

    @Test
    void aBurstLeavesInOneWriteWhenItsLastPublishIsWritten() throws Exception {
        CoalescingOutputStream out = stream(10_000);
        byte[] p = publish(1_000);
        for (int i = 0; i < 3; i++) {
            backlog.expect();
        }
        send(out, p);
        send(out, p);
        assertThat(socket.written()).isZero();
        send(out, p);
        assertThat(socket.writes).containsExactly(3 * p.length);
        assertThat(socket.flushes).isEqualTo(1);
    }

    @Test
    void anyOtherPacketFlushesWhatIsHeldWithItAtOnce() throws Exception {
        CoalescingOutputStream out = stream(10_000);
        backlog.expect();
        backlog.expect();
        byte[] p = publish(500);
        send(out, p);
        assertThat(socket.written()).isZero();
        byte[] ping = packet(new MqttPingReq());
        send(out, ping);
        assertThat(socket.written()).isEqualTo(p.length + ping.length);
        assertThat(socket.flushes).isEqualTo(1);
    }

    @Test
    void noMoreThanAboutOneRecordIsHeld() throws Exception {
        CoalescingOutputStream out = stream(10_000);
        for (int i = 0; i < 100; i++) {
            backlog.expect();
        }
        byte[] p = publish(1_000);
        for (int i = 0; i < 40; i++) {
            send(out, p);
        }
        assertThat(socket.writes).allSatisfy(len -> assertThat(len).isLessThanOrEqualTo(CoalescingOutputStream.RECORD));
        assertThat(socket.written()).isGreaterThan(40 * p.length - CoalescingOutputStream.RECORD);
    }

    @Test
    void aHeldFlushWhosePublishNeverComesLeavesWhenItsTimeBoundPasses() throws Exception {
        CoalescingOutputStream out = stream(20);
        backlog.expect();
        backlog.expect(); // the second never reaches the socket (e.g. Paho's own in-flight limit holds it)
        byte[] p = publish(1_000);
        long start = System.nanoTime();
        send(out, p);
        assertThat(socket.written()).isZero();
        long deadline = start + TimeUnit.SECONDS.toNanos(5);
        while (socket.written() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(socket.written()).isEqualTo(p.length);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(19);
        assertThat(socket.flushes).isEqualTo(1);
    }

    @Test
    void aWithdrawnPublishIsNotWaitedFor() throws Exception {
        CoalescingOutputStream out = stream(10_000);
        backlog.expect();
        backlog.expect();
        backlog.withdraw(); // Paho refused it
        send(out, publish(10));
        assertThat(socket.flushes).isEqualTo(1);
    }
}

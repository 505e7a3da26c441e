package io.cameliothub.emulator.mqtt;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * PUBACKs of one connection, sent in the order their PUBLISHes arrived (MQTT 3.1.1 §4.6) even while the latency fault
 * delays some: an acknowledgement never overtakes a delayed one. Used on the connection's context only.
 */
final class OrderedAcks {

    private record Pending(long dueMillis, Runnable send) {
    }

    private final Vertx vertx;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean timerSet;

    OrderedAcks(Vertx vertx) {
        this.vertx = vertx;
    }

    void send(Duration delay, Runnable ack) {
        if (queue.isEmpty() && delay.isZero()) {
            ack.run();
            return;
        }
        queue.add(new Pending(now() + delay.toMillis(), ack));
        if (!timerSet) {
            arm();
        }
    }

    private void arm() {
        timerSet = true;
        vertx.setTimer(Math.max(1, queue.peek().dueMillis() - now()), t -> {
            timerSet = false;
            long now = now();
            while (!queue.isEmpty() && queue.peek().dueMillis() <= now) {
                queue.poll().send().run();
            }
            if (!queue.isEmpty()) {
                arm();
            }
        });
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}

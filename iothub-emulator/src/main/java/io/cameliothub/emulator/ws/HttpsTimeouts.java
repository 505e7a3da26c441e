package io.cameliothub.emulator.ws;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for plain HTTPS connections on the HTTPS port, one timer per connection: a complete request head within
 * {@code header} of connecting, the request read and answered within {@code request} of its head, and the next request
 * head within {@code idle} of the last answer. A connection that misses one is closed with a log line. WebSocket
 * upgrades leave the HTTP world: MQTT keep-alive and AMQP heartbeats govern them.
 */
public final class HttpsTimeouts {

    /** The three deadlines; IoT Hub's own are not published (UNCONFIRMED). */
    public record Limits(Duration header, Duration request, Duration idle) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMinutes(4));

        public Limits {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(idle, "idle");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpsTimeouts.class);

    private final Vertx vertx;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
    private volatile Limits limits = Limits.DEFAULTS;

    HttpsTimeouts(Vertx vertx) {
        this.vertx = vertx;
    }

    void limits(Limits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    Limits limits() {
        return limits;
    }

    void connected(HttpConnection connection) {
        Watch w = new Watch(connection);
        watches.put(connection, w);
        connection.closeHandler(v -> {
            w.cancel();
            watches.remove(connection);
        });
        w.arm(limits.header(), "no complete request head");
    }

    void requestArrived(HttpServerRequest req) {
        Watch w = watches.get(req.connection());
        if (w == null) {
            return;
        }
        w.arm(limits.request(), "request not read and answered");
        req.response().endHandler(v -> w.arm(limits.idle(), "idle"));
    }

    /** A WebSocket handshake arrived on the connection from {@code remote}: HTTP deadlines end for it. */
    void upgrading(SocketAddress remote) {
        watches.values().stream().filter(w -> String.valueOf(w.connection.remoteAddress()).equals(String.valueOf(remote)))
                .forEach(Watch::cancel);
    }

    /** A refused WebSocket handshake leaves an HTTP connection: it idles like one. */
    void refused(SocketAddress remote) {
        watches.values().stream().filter(w -> String.valueOf(w.connection.remoteAddress()).equals(String.valueOf(remote)))
                .forEach(w -> w.arm(limits.idle(), "idle"));
    }

    private final class Watch {
        private final HttpConnection connection;
        private long timer = -1;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        synchronized void arm(Duration timeout, String what) {
            cancel();
            timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
                LOG.info("closing the HTTPS connection from {}: {} within {} ms", connection.remoteAddress(), what,
                        timeout.toMillis());
                connection.close();
            });
        }

        synchronized void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Backoff;
import io.cameliothub.component.transport.internal.TransportSettings;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection to IoT Hub, shared by many devices (one session and one CBS token each), driven by proton-j's
 * engine on its own {@link AmqpEventLoop}. TLS is proton-j's layer over a TCP socket (SNI and host name verification
 * on), or the JDK HTTP client's for a WebSocket. When the connection drops it reconnects with backoff, and every
 * device authenticates again and reattaches its links.
 */
final class AmqpConnection implements AmqpWire.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    /** Frames no bigger than this both ways; big messages span several frames. */
    static final int MAX_FRAME = 64 * 1024;

    private final TransportSettings settings;
    private final SSLContext sslContext;
    private final HttpClient httpClient;
    private final Executor io;
    private final boolean x509;
    private final Backoff backoff;
    private final AmqpEventLoop loop;
    private final Set<AmqpDeviceWire> devices = new LinkedHashSet<>();
    private final String name;

    // the current attempt's engine; replaced on every reconnect
    private AmqpWire wire;
    private Transport transport;
    private Connection connection;
    private Collector collector;
    private Sasl sasl;
    private CbsClient cbs;
    private boolean up;
    private boolean flushing;
    private boolean connecting;
    private boolean shutDown;
    private int attempt;
    private AmqpEventLoop.Timer tickTimer;
    private long tickDue;
    private AmqpEventLoop.Timer connectTimer;
    private AmqpEventLoop.Timer reconnectTimer;

    /** @param io lends the connection its loop thread, and resolves host names */
    AmqpConnection(TransportSettings settings, SSLContext sslContext, HttpClient httpClient, Executor io) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.httpClient = httpClient;
        this.io = io;
        this.x509 = settings.isX509();
        this.backoff = new Backoff(settings.options().reconnectMin(), settings.options().reconnectMax());
        this.name = settings.connectHost() + ":" + settings.port();
        this.loop = new AmqpEventLoop(name, io);
    }

    AmqpEventLoop loop() {
        return loop;
    }

    /** Adds a device; its connection attempts proceed once the connection is up. Any thread. */
    void add(AmqpDeviceWire device) {
        loop.execute(() -> {
            if (shutDown) {
                return;
            }
            devices.add(device);
            if (!up && !connecting && reconnectTimer == null) {
                connect();
            }
        });
    }

    /** Removes a device and closes its session; the last one out closes the connection. Any thread. */
    void remove(AmqpDeviceWire device, boolean last) {
        loop.execute(() -> {
            devices.remove(device);
            device.removed();
            if (last) {
                shutdown();
            }
            flush();
        });
    }

    boolean isUp() {
        return up;
    }

    Connection protonConnection() {
        return connection;
    }

    CbsClient cbs() {
        return cbs;
    }

    // ---- connecting ----

    private void connect() {
        connecting = true;
        reconnectTimer = null;
        LOG.debug("AMQP connection to {}: connecting ({} devices)", name, devices.size());
        if (settings.protocol().isWebSocket()) {
            URI uri = URI.create("wss://" + settings.connectHost() + ":" + settings.port() + "/$iothub/websocket"
                                 + (x509 ? "" : "?iothub-no-client-cert=true"));
            wire = new WebSocketWire(loop, httpClient, uri, settings.connectTimeout(), settings.proxy());
        } else {
            wire = ProxiedTcpWire.to(loop, io, settings.proxy(), settings.connectHost(), settings.port());
        }
        AmqpWire attemptWire = wire;
        connectTimer = loop.schedule(settings.connectTimeout().toMillis(), () -> {
            if (wire == attemptWire && !up) {
                lost(new IOException("No AMQP connection to " + name + " within "
                                     + settings.connectTimeout().toMillis() + " ms"));
            }
        });
        wire.open(this);
    }

    @Override
    public void opened() {
        transport = ProtonEngine.transport(settings, sslContext, MAX_FRAME);
        sasl = x509 ? null : transport.sasl();
        connection = Proton.connection();
        connection.setContainer("camel-iothub-" + UUID.randomUUID());
        connection.setHostname(settings.hostName());
        collector = Proton.collector();
        connection.collect(collector);
        transport.bind(connection);
        connection.open();
        flush();
    }

    @Override
    public void received(ByteBuffer bytes) {
        if (transport == null) {
            return;
        }
        try {
            ProtonEngine.feed(transport, bytes);
            if (sasl != null && sasl.getState() == Sasl.SaslState.PN_SASL_FAIL) {
                lost(new IOException("IoT Hub refused the AMQP connection during SASL (" + sasl.getOutcome() + ")"));
                return;
            }
        } catch (TransportException e) {
            lost(new IOException("AMQP protocol error from " + name + ": " + e.getMessage(), e));
            return;
        }
        flush();
    }

    @Override
    public void writable() {
        flush();
    }

    @Override
    public void closed(Throwable cause) {
        lost(cause);
    }

    /**
     * Handles the engine's events, then writes what it has to say. Loop thread; re-entrant calls return at once. Each
     * event is popped before it is handled, so a handler that throws costs that event only, never the connection.
     */
    void flush() {
        loop.assertInLoop();
        if (transport == null || flushing) {
            return; // the outer call handles the new events and writes the output
        }
        flushing = true;
        try {
            Event e;
            while (collector != null && (e = collector.peek()) != null) {
                Event event = e.copy();
                collector.pop();
                try {
                    handle(event);
                } catch (RuntimeException failure) {
                    LOG.warn("AMQP connection to {}: handling {} failed: {}", name, event.getType(), failure.toString(),
                            failure);
                }
            }
            while (transport != null && transport.pending() > 0) {
                ByteBuffer head = transport.head();
                int before = head.remaining();
                boolean all = wire.write(head);
                int written = before - head.remaining();
                if (transport == null) {
                    return;
                }
                transport.pop(written);
                if (!all) {
                    break;
                }
            }
            if (transport != null && transport.pending() < 0) {
                transport.pop(0);
            }
        } finally {
            flushing = false;
        }
        if (collector != null && collector.peek() != null) {
            flush();
        } else {
            scheduleTick();
        }
    }

    private void scheduleTick() {
        if (transport == null || !up) {
            return;
        }
        long now = System.nanoTime() / 1_000_000L;
        long deadline = transport.tick(now);
        // one pending tick at a time: an early one is harmless, it ticks and schedules the next
        if (deadline > 0 && (tickTimer == null || deadline < tickDue)) {
            if (tickTimer != null) {
                tickTimer.cancel();
            }
            tickDue = deadline;
            tickTimer = loop.schedule(Math.max(1, deadline - now), () -> {
                tickTimer = null;
                flush();
            });
        }
    }

    private void handle(Event e) {
        switch (e.getType()) {
            case CONNECTION_REMOTE_OPEN -> remoteOpen();
            case CONNECTION_REMOTE_CLOSE -> {
                ErrorCondition c = connection.getRemoteCondition();
                lost(AmqpErrors.of("IoT Hub closed the AMQP connection", c));
            }
            case TRANSPORT_ERROR -> lost(AmqpErrors.of("The AMQP connection to " + name + " failed",
                    transport.getCondition()));
            case TRANSPORT_CLOSED -> lost(new IOException("The AMQP connection to " + name + " closed"));
            case LINK_REMOTE_OPEN -> {
                if (e.getLink().getContext() instanceof AmqpDeviceWire d) {
                    d.linkOpened(e.getLink());
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> linkClosed(e.getLink());
            case DELIVERY -> delivery(e.getDelivery());
            case LINK_FLOW -> {
                if (e.getLink() instanceof Sender && e.getLink().getContext() instanceof AmqpDeviceWire d) {
                    d.creditArrived();
                    flush();
                }
            }
            default -> {
                // other events need no action
            }
        }
    }

    private void remoteOpen() {
        up = true;
        connecting = false;
        attempt = 0;
        if (connectTimer != null) {
            connectTimer.cancel();
        }
        LOG.info("AMQP connection to {} open ({} devices)", name, devices.size());
        if (!x509) {
            cbs = new CbsClient(connection);
        }
        for (AmqpDeviceWire d : new ArrayList<>(devices)) {
            d.connectionUp();
        }
    }

    private void linkClosed(Link link) {
        if (link.getLocalState() != EndpointState.CLOSED) {
            link.close();
        }
        if (link.getContext() instanceof AmqpDeviceWire d) {
            d.linkClosed(link);
        } else if (cbs != null && cbs.owns(link.getContext())) {
            lost(AmqpErrors.of("IoT Hub closed the CBS link", link.getRemoteCondition()));
        }
    }

    private void delivery(Delivery d) {
        Object owner = d.getLink().getContext();
        if (owner instanceof AmqpDeviceWire device) {
            device.onDelivery(d);
        } else if (cbs != null && cbs.owns(owner)) {
            cbs.onDelivery(d);
        }
    }

    /** The connection is gone: every device is told, then a reconnect follows unless this was the end. */
    private void lost(Throwable cause) {
        if (wire == null) {
            return;
        }
        boolean wasUp = up;
        AmqpWire old = wire;
        wire = null;
        transport = null;
        connection = null;
        collector = null;
        cbs = null;
        up = false;
        connecting = false;
        cancel(tickTimer);
        tickTimer = null;
        cancel(connectTimer);
        old.close();
        IotHubException reason = cause instanceof IotHubException ie ? ie
                : new IotHubException("The AMQP connection to " + name + (wasUp ? " was lost: " : " failed: ")
                                      + cause.getMessage(), null, true,
                        cause);
        for (AmqpDeviceWire d : new ArrayList<>(devices)) {
            d.connectionLost(reason);
        }
        if (shutDown || devices.isEmpty()) {
            return;
        }
        long delay = backoff.delay(attempt++).toMillis();
        if (wasUp) {
            LOG.warn("AMQP connection to {} lost ({}); reconnecting {} devices in {} ms", name, reason.getMessage(),
                    devices.size(), delay);
        } else {
            LOG.debug("AMQP connection to {} failed ({}); retrying in {} ms", name, reason.getMessage(), delay);
        }
        reconnectTimer = loop.schedule(delay, this::connect);
    }

    private static void cancel(AmqpEventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** Closes the connection and stops its thread. Loop thread. */
    private void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        cancel(reconnectTimer);
        if (connection != null) {
            connection.close();
            flush();
        }
        AmqpWire w = wire;
        // let the close frame go out, then drop the socket
        loop.schedule(200, () -> {
            if (w != null) {
                w.close();
            }
            wire = null;
            transport = null;
            loop.shutdown();
        });
        LOG.info("AMQP connection to {} closed: no device uses it any more", name);
    }

    Duration connectTimeout() {
        return settings.connectTimeout();
    }

    @Override
    public String toString() {
        return "AmqpConnection[" + name + ", " + settings.protocol() + "]";
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.Channel;
import io.cameliothub.component.transport.internal.DeviceWire;
import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;
import io.cameliothub.component.transport.internal.TwinReply;
import io.cameliothub.component.transport.internal.TwinRequest;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Session;

/**
 * One device's part of a shared AMQP connection ({@link AmqpConnectionPool}): a connection attempt is a CBS put-token
 * ({@link CbsAuth}) and an AMQP session with a telemetry sender ({@link TelemetrySender}); the cloud-to-device receiver
 * ({@link C2dReceiver}), the twin and the method links ({@link AmqpTwinMethods}) are subscriptions. The socket-level connection reconnects by itself; this wire reports the
 * device's links lost and lets its session decide when to try again. Runs on the connection's loop; the entry points
 * hop onto it.
 */
final class AmqpDeviceWire implements DeviceWire {

    private static final String API_VERSION = "2020-09-30";

    private final TransportSettings settings;
    private final TransportResources resources;
    private final AmqpConnectionPool pool;
    private final CbsAuth cbs;
    private final String path;
    private final Map<Symbol, Object> linkProperties = new HashMap<>();

    private volatile AmqpConnection connection;
    // loop-confined
    private Attempt attempt;
    private Live live;
    private boolean released;

    AmqpDeviceWire(TransportSettings settings, TransportResources resources, AmqpConnectionPool pool) {
        this.settings = settings;
        this.resources = resources;
        this.pool = pool;
        this.cbs = new CbsAuth(settings.clientId(), settings.hostName());
        this.path = "/devices/" + settings.deviceId()
                    + (settings.moduleId() == null ? "" : "/modules/" + settings.moduleId());
        linkProperties.put(Symbol.valueOf("com.microsoft:api-version"), API_VERSION);
        linkProperties.put(Symbol.valueOf("com.microsoft:client-version"), settings.clientType());
        linkProperties.put(Symbol.valueOf("com.microsoft:channel-correlation-id"), settings.clientId());
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.allOf(Channel.class);
    }

    @Override
    public Renewal renewal() {
        return Renewal.IN_PLACE;
    }

    @Override
    public CompletableFuture<Connection> connect(SasToken token, Events events) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        AmqpConnection c;
        synchronized (this) {
            if (connection == null) {
                connection = pool.attach(settings, resources, this);
            }
            c = connection;
        }
        onLoop(c, () -> {
            closeLinks(new IotHubException("A new connection attempt replaced this one", null, true));
            attempt = new Attempt(token, events, result);
            if (c.isUp()) {
                authenticate();
            }
        }, result);
        return result;
    }

    @Override
    public void release() {
        AmqpConnection c;
        synchronized (this) {
            c = connection;
        }
        pool.detach(c, this);
    }

    // ---- told by the shared connection, on its loop ----

    void connectionUp() {
        if (attempt != null) {
            authenticate();
        }
    }

    void connectionLost(IotHubException cause) {
        closeLinks(cause);
    }

    void removed() {
        released = true;
        closeLinks(new IotHubException("The transport of " + settings.clientId() + " was closed", null, false));
    }

    void linkOpened(Link link) {
        if (live != null && live.extras.linkOpened(link)) {
            return;
        }
        if (live != null && live.receiver != null && live.receiver.owns(link)) {
            live.receiver.remoteOpened();
        } else if (attempt != null && attempt.sender != null && attempt.sender.owns(link) && attempt.sender.isUp()) {
            Attempt a = attempt;
            attempt = null;
            live = new Live(a.events, a.session, a.sender);
            a.result.complete(live);
        }
    }

    void linkClosed(Link link) {
        IotHubException detached = AmqpErrors.of("IoT Hub detached the link of " + settings.clientId(),
                link.getRemoteCondition());
        // for a certificate device the attach is the authentication: a permanent refusal is a refusal, not a retry
        IotHubException cause = settings.isX509() && !detached.isRetryable()
                ? new IotHubException("IoT Hub refused device " + settings.clientId() + " on " + settings.hostName()
                                      + ": " + detached.getMessage(), detached.getErrorCode(), false)
                : detached;
        if (live != null && live.receiver != null && live.receiver.owns(link) && !live.receiverWanted) {
            live.receiver = null; // closed because the consumer left
            return;
        }
        boolean ours = (live != null && (live.sender.owns(link) || live.receiver != null && live.receiver.owns(link)
                                         || live.extras.ownsOpen(link)))
                       || (attempt != null && attempt.sender != null && attempt.sender.owns(link));
        if (ours) {
            closeLinks(cause);
        }
    }

    void onDelivery(Delivery d) {
        Object link = d.getLink();
        if (live == null) {
            return;
        }
        if (live.sender.owns(link)) {
            live.sender.onDelivery(d);
        } else if (live.receiver != null && live.receiver.owns(link)) {
            Events events = live.events;
            live.receiver.received(d, delivery -> events.received(Channel.C2D, delivery));
        } else {
            live.extras.onDelivery(d);
        }
    }

    void creditArrived() {
        if (live != null) {
            live.sender.sendWithinCredit();
            live.extras.creditArrived();
        }
    }

    // ---- the attempt ----

    private void authenticate() {
        Attempt a = attempt;
        if (a == null || a.result.isDone() || released) {
            attempt = null;
            return;
        }
        if (a.token == null) {
            attach(a);
            return;
        }
        cbs.putToken(connection, a.token, failure -> {
            if (attempt != a || a.result.isDone()) {
                return;
            }
            if (failure != null) {
                attempt = null;
                a.result.completeExceptionally(failure);
            } else {
                attach(a);
            }
        });
    }

    private void attach(Attempt a) {
        connection.loop().assertInLoop();
        Session s = connection.protonConnection().session();
        s.setContext(this);
        s.open();
        a.session = s;
        a.sender = new TelemetrySender(s, connection.loop(), path, settings.clientId(), linkProperties, this);
        connection.flush();
    }

    /** Everything attached for the device goes; the session hears of it unless it asked for it. */
    private void closeLinks(IotHubException cause) {
        Attempt a = attempt;
        attempt = null;
        if (a != null) {
            if (a.sender != null) {
                a.sender.closed(cause);
            }
            closeSession(a.session);
            a.result.completeExceptionally(cause);
        }
        Live l = live;
        live = null;
        if (l != null) {
            if (!l.closedByUs) {
                l.events.lost(cause); // first: the session stops sending before the sender hands messages back
            }
            l.sender.closed(cause);
            if (l.receiver != null) {
                l.receiver.close(cause);
            }
            l.extras.close(cause);
            closeSession(l.session);
        }
    }

    private void closeSession(Session s) {
        if (s != null && s.getLocalState() != EndpointState.CLOSED) {
            s.close();
        }
        AmqpConnection c = connection;
        if (c != null) {
            c.flush();
        }
    }

    private static void onLoop(AmqpConnection c, Runnable task, CompletableFuture<?> onRejection) {
        try {
            c.loop().execute(task);
        } catch (RejectedExecutionException e) {
            onRejection.completeExceptionally(new IotHubException("The AMQP connection is closed", null, true, e));
        }
    }

    private static final class Attempt {
        final SasToken token;
        final Events events;
        final CompletableFuture<Connection> result;
        Session session;
        TelemetrySender sender;

        Attempt(SasToken token, Events events, CompletableFuture<Connection> result) {
            this.token = token;
            this.events = events;
            this.result = result;
        }
    }

    /** The device's links while they are up. */
    private final class Live implements Connection {
        final Events events;
        final Session session;
        final TelemetrySender sender;
        final AmqpTwinMethods extras;
        final PublishBatch outbox;
        C2dReceiver receiver;
        boolean receiverWanted;
        boolean closedByUs;

        Live(Events events, Session session, TelemetrySender sender) {
            this.events = events;
            this.session = session;
            this.sender = sender;
            this.extras = new AmqpTwinMethods(session, connection, path, settings.clientId(), linkProperties,
                    AmqpDeviceWire.this, events);
            this.outbox = new PublishBatch(connection, () -> live == this, sender::send);
        }

        /**
         * Queues the message and makes sure one drain task is on its way to the loop: every message queued before it
         * runs goes out in that one loop turn and one flush, so the engine writes (and TLS wraps) them together.
         */
        @Override
        public CompletableFuture<Void> publish(IotHubMessage message) {
            CompletableFuture<Void> result = new CompletableFuture<>();
            outbox.publish(message, result);
            return result;
        }

        @Override
        public CompletableFuture<Void> subscribe(Channel channel) {
            if (channel != Channel.C2D) {
                return onLive(() -> extras.subscribe(channel));
            }
            return onLive(() -> {
                receiverWanted = true;
                if (receiver == null) {
                    receiver = new C2dReceiver(session, connection, path, settings.clientId(), linkProperties,
                            AmqpDeviceWire.this);
                }
                return receiver.attached();
            });
        }

        @Override
        public CompletableFuture<TwinReply> twin(TwinRequest request) {
            return onLive(() -> extras.twin(request));
        }

        @Override
        public CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
            return onLive(() -> extras.respond(invocation, result));
        }

        /** Runs the task on the loop while these links are up; its future's outcome becomes the result. */
        private <T> CompletableFuture<T> onLive(Supplier<CompletableFuture<T>> task) {
            return AmqpLoopCall.run(connection, () -> live == this, task);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(Channel channel) {
            if (channel != Channel.C2D) {
                return onLive(() -> extras.unsubscribe(channel));
            }
            CompletableFuture<Void> result = new CompletableFuture<>();
            onLoop(connection, () -> {
                receiverWanted = receiverWanted && channel != Channel.C2D;
                if (live == this && receiver != null && channel == Channel.C2D) {
                    receiver.close(new IotHubException("unsubscribed", null, false));
                    connection.flush();
                }
                result.complete(null);
            }, result);
            return result;
        }

        @Override
        public CompletableFuture<Void> renew(SasToken token) {
            CompletableFuture<Void> result = new CompletableFuture<>();
            onLoop(connection, () -> cbs.putToken(connection, token, failure -> {
                if (failure == null) {
                    result.complete(null);
                    return;
                }
                result.completeExceptionally(failure);
                if (live == this) {
                    closeLinks(failure);
                }
            }), result);
            return result;
        }

        @Override
        public void close() {
            try {
                connection.loop().execute(() -> {
                    if (live == this) {
                        closedByUs = true;
                        closeLinks(new IotHubException("The connection of " + settings.clientId() + " was closed",
                                null, true));
                    }
                });
            } catch (RejectedExecutionException e) {
                // the shared connection is closed already
            }
        }
    }
}

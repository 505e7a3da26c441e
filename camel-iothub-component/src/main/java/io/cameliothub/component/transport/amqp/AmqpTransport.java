package io.cameliothub.component.transport.amqp;

import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.transport.C2dDelivery;
import io.cameliothub.component.transport.C2dHandler;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.SendQueue;
import io.cameliothub.component.transport.TransportResources;
import io.cameliothub.component.transport.TransportState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device over AMQP (TLS or WebSocket). The device rides on a connection it shares with other devices of the same
 * hub, host, transport and TLS settings ({@link AmqpConnectionPool}); it has its own session, links and CBS token
 * there, so a device the hub refuses fails alone, and closing it closes only its session.
 */
public final class AmqpTransport implements IotHubTransport {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);

    private final IotHubSettings settings;
    private final TransportResources resources;
    private final AmqpConnectionPool pool;
    private final TransportState state;
    private final SendQueue sendQueue;
    private final DeviceLinks links;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile AmqpConnection connection;
    private volatile C2dHandler handler;
    private boolean started;
    private boolean closed;

    AmqpTransport(IotHubSettings settings, TransportResources resources, AmqpConnectionPool pool) {
        this.settings = settings;
        this.resources = resources;
        this.pool = pool;
        this.state = new TransportState(settings.clientId() + "@" + settings.hostName() + " (" + settings.protocol() + ")");
        this.sendQueue = new SendQueue(settings.transportOptions(), resources.scheduler(), this::wire);
        this.links = new DeviceLinks(this, settings, resources.clock());
    }

    @Override
    public CompletableFuture<Void> open() {
        synchronized (lock) {
            if (!started && !closed) {
                started = true;
                state.set(ConnectionState.CONNECTING, null);
                connection = pool.attach(settings, resources, links);
            }
        }
        return opened;
    }

    @Override
    public CompletableFuture<Void> send(IotHubMessage message) {
        ConnectionState s = state.get();
        if (s == ConnectionState.FAILED || s == ConnectionState.CLOSED) {
            return CompletableFuture.failedFuture(notUsable());
        }
        return sendQueue.submit(message);
    }

    private void wire(SendQueue.Pending pending) {
        AmqpConnection c = connection;
        if (c == null) {
            sendQueue.retryLater(pending);
            return;
        }
        c.loop().execute(() -> links.send(pending, sendQueue));
    }

    @Override
    public CompletableFuture<Void> subscribe(C2dHandler newHandler) {
        synchronized (lock) {
            if (handler != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "Device " + settings.clientId() + " already has a cloud-to-device consumer"));
            }
            handler = newHandler;
        }
        links.wantC2d(true);
        return onLoop(links::applyC2dWish);
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
        handler = null;
        links.wantC2d(false);
        return onLoop(links::applyC2dWish);
    }

    /** Runs a task on the device's connection, if it has one yet (else the links read the wish when they attach). */
    private CompletableFuture<Void> onLoop(Runnable task) {
        AmqpConnection c = connection;
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.loop().execute(() -> {
            task.run();
            done.complete(null);
        });
        return done;
    }

    @Override
    public TransportState status() {
        return state;
    }

    @Override
    public void close() {
        AmqpConnection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            c = connection;
        }
        IotHubException cause = new IotHubException("The transport of " + settings.clientId() + " was closed", null, false);
        sendQueue.failAll(cause);
        state.set(ConnectionState.CLOSED, null);
        opened.completeExceptionally(cause);
        pool.detach(c, links);
    }

    // ---- told by the device's links, on the connection's loop ----

    void linksUp() {
        state.set(ConnectionState.CONNECTED, null);
        sendQueue.open();
        opened.complete(null);
    }

    /**
     * The device's links are gone. Its links fail the messages the hub had not settled; the ones handed over but not
     * sent yet find no link and go back to the waiting line.
     */
    void linksDown(IotHubException cause) {
        sendQueue.pause();
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        state.set(ConnectionState.RECONNECTING, cause);
    }

    void refused(IotHubException cause) {
        LOG.warn("{}: {}", settings.clientId(), cause.getMessage());
        state.set(ConnectionState.FAILED, cause);
        sendQueue.failAll(cause);
        opened.completeExceptionally(cause);
        AmqpConnection c = connection;
        // the device leaves the shared connection; the others carry on
        pool.detach(c, links);
    }

    void acknowledged(SendQueue.Pending pending) {
        sendQueue.acknowledged(pending);
    }

    void retryLater(SendQueue.Pending pending) {
        sendQueue.retryLater(pending);
    }

    void failed(SendQueue.Pending pending, Throwable cause) {
        sendQueue.failed(pending, cause);
    }

    void deliver(IotHubMessage message, DeviceLinks.Settler settler) {
        C2dHandler current = handler;
        if (current == null) {
            settler.settle(C2dOutcome.ABANDON);
            return;
        }
        current.onMessage(new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return message;
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                return settler.settle(outcome);
            }
        });
    }

    private IotHubException notUsable() {
        Throwable last = state.lastError();
        return last instanceof IotHubException ie ? ie
                : new IotHubException("The transport of " + settings.clientId() + " is " + state.get(), null, false, last);
    }

    @Override
    public String toString() {
        return "AmqpTransport[" + settings + "]";
    }
}

package io.cameliothub.component.transport.internal;

import io.cameliothub.component.transport.internal.twin.DesiredPropertiesTracker;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's (or module's) session with IoT Hub, written once for every wire: the connection state machine, the
 * opened future, the send window, backoff and reconnect, token renewal timing, subscriptions restored on every
 * reconnect, close and fail. The wire only connects, publishes, subscribes, settles and closes.
 * <p>
 * Threads: timers run on the scheduler and only start non-blocking wire calls; every outcome a route sees (send
 * results, cloud-to-device deliveries) is handed to the completions executor.
 */
public final class DeviceSession extends SessionLifecycle implements IotHubTransport {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);

    private final TwinMethodsSession twinMethods;
    /** Cloud-to-device messages start their routes in the hub's order. */
    private final SerialExecutor c2dOrder;

    public DeviceSession(TransportSettings settings, TransportResources resources, DeviceWire wire) {
        super(settings, resources, wire);
        this.twinMethods = new TwinMethodsSession(settings, resources);
        this.c2dOrder = new SerialExecutor(resources.completions());
    }

    @Override
    public CompletableFuture<Void> open() {
        synchronized (lock) {
            if (!started && !closed) {
                started = true;
                state.set(ConnectionState.CONNECTING, null);
                later(0, this::connect);
            }
        }
        return opened;
    }

    @Override
    public CompletableFuture<Void> send(IotHubMessage message) {
        return metrics.sending(1, sendCounted(message));
    }

    private CompletableFuture<Void> sendCounted(IotHubMessage message) {
        int size = message.size();
        if (size > IotHubMessage.MAX_D2C_SIZE) {
            return CompletableFuture.failedFuture(new IotHubException("The message is " + size + " bytes (body and "
                    + "properties); IoT Hub accepts at most " + IotHubMessage.MAX_D2C_SIZE + " bytes per device-to-cloud "
                    + "message", "413001", false));
        }
        ConnectionState s = state.get();
        if (s == ConnectionState.FAILED || s == ConnectionState.CLOSED) {
            return CompletableFuture.failedFuture(notUsable());
        }
        Duration limit = settings.options().failFastAfter();
        long down;
        synchronized (lock) {
            down = current == null && downSince != 0 ? System.nanoTime() - downSince : 0;
        }
        if (!limit.isZero() && started && down > limit.toNanos()) {
            return CompletableFuture.failedFuture(new IotHubException("Device " + settings.clientId()
                    + " has not been connected to IoT Hub for " + TimeUnit.NANOSECONDS.toMillis(down)
                    + " ms (more than failFastWhenDisconnected " + limit.toMillis() + " ms); last connection error: "
                    + (state.lastError() == null ? "none" : state.lastError().getMessage()), null, true,
                    state.lastError()));
        }
        return window.submit(message);
    }

    @Override
    public CompletableFuture<Void> subscribe(C2dHandler newHandler) {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (!wire.channels().contains(Channel.C2D)) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException(
                        "The " + settings.protocol() + " wire does not push cloud-to-device messages"));
            }
            if (handler != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "Device " + settings.clientId() + " already has a cloud-to-device consumer"));
            }
            handler = newHandler;
            wanted.add(Channel.C2D);
            c = current;
        }
        return c == null ? CompletableFuture.completedFuture(null) : c.subscribe(Channel.C2D);
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
        synchronized (lock) {
            handler = null;
        }
        return unsubscribe(Channel.C2D);
    }

    @Override
    public CompletableFuture<Void> unsubscribeDesired() {
        twinMethods.stopDesired();
        return unsubscribe(Channel.TWIN);
    }

    @Override
    public CompletableFuture<Void> unsubscribeMethods() {
        twinMethods.stopMethods();
        return unsubscribe(Channel.METHODS);
    }

    /** Tells the hub at once, or on the next connection when none is up (it may have kept the subscription). */
    private CompletableFuture<Void> unsubscribe(Channel channel) {
        DeviceWire.Connection c;
        synchronized (lock) {
            wanted.remove(channel);
            c = current;
            if (c == null) {
                dropped.add(channel);
            }
        }
        return c == null ? CompletableFuture.completedFuture(null) : c.unsubscribe(channel);
    }

    @Override
    public CompletableFuture<TwinReply> twin(TwinRequest request) {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (!wire.channels().contains(Channel.TWIN)) {
                return CompletableFuture.failedFuture(noChannel("device twins"));
            }
            c = current;
        }
        metrics.twinRequested();
        return twinMethods.request(c, request);
    }

    @Override
    public CompletableFuture<Void> subscribeDesired(DesiredHandler desired, DesiredPropertiesTracker.ResyncMode mode,
                                                    boolean initialState) {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (!wire.channels().contains(Channel.TWIN)) {
                return CompletableFuture.failedFuture(noChannel("desired-property updates"));
            }
            twinMethods.desired(desired, new DesiredPropertiesTracker(mode, initialState));
            wanted.add(Channel.TWIN);
            c = current;
        }
        return c == null ? CompletableFuture.completedFuture(null)
                : c.subscribe(Channel.TWIN).thenCompose(ok -> twinMethods.connected(c, this::currentConnection));
    }

    @Override
    public CompletableFuture<Void> subscribeMethods(MethodHandler methods, Duration timeout) {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (!wire.channels().contains(Channel.METHODS)) {
                return CompletableFuture.failedFuture(noChannel("direct methods"));
            }
            twinMethods.methods(methods, timeout);
            wanted.add(Channel.METHODS);
            c = current;
        }
        return c == null ? CompletableFuture.completedFuture(null) : c.subscribe(Channel.METHODS);
    }

    @Override
    void connectionUp(DeviceWire.Connection c) {
        twinMethods.connected(c, this::currentConnection);
    }

    @Override
    void desiredArrived(DeviceWire.Connection c, byte[] patch) {
        twinMethods.onDesired(patch, c, this::currentConnection);
    }

    @Override
    void methodInvoked(DeviceWire.Connection c, MethodInvocation invocation) {
        metrics.methodInvoked();
        twinMethods.onInvoked(c, invocation);
    }

    private DeviceWire.Connection currentConnection() {
        synchronized (lock) {
            return current;
        }
    }

    private UnsupportedOperationException noChannel(String what) {
        if (settings.protocol() == TransportProtocol.HTTPS) {
            return new UnsupportedOperationException("IoT Hub offers no " + what + " over HTTPS: use MQTT, MQTT_WS, "
                                                     + "AMQPS or AMQPS_WS");
        }
        return new UnsupportedOperationException("The " + settings.protocol() + " transport carries no " + what
                                                 + ": use MQTT, MQTT_WS, AMQPS or AMQPS_WS");
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (!type.isInstance(wire)) {
            return Optional.empty();
        }
        // what goes through a capability is counted like the rest
        if (type == D2cBatchSender.class) {
            D2cBatchSender batches = (D2cBatchSender) wire;
            return Optional.of(type.cast((D2cBatchSender) messages -> metrics.sending(messages.size(),
                    batches.sendBatch(messages))));
        }
        if (type == C2dPoller.class) {
            C2dPoller poller = (C2dPoller) wire;
            return Optional.of(type.cast((C2dPoller) () -> poller.receive().thenApply(d -> d.map(metrics::received))));
        }
        return Optional.of(type.cast(wire));
    }

    @Override
    public TransportMetrics metrics() {
        return metrics;
    }

    @Override
    public TransportState status() {
        return state;
    }

    @Override
    public void close() {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelTimer();
            c = current;
            current = null;
        }
        IotHubException cause = new IotHubException("The transport of " + settings.clientId() + " was closed", null, false);
        window.failAll(cause);
        state.set(ConnectionState.CLOSED, null);
        opened.completeExceptionally(cause);
        if (c != null) {
            c.close();
        }
        wire.release();
    }

    @Override
    void deliver(C2dHandler h, Channel channel, C2dDelivery delivery) {
        try {
            c2dOrder.execute(() -> {
                if (delivery.stale()) {
                    LOG.debug("{}: a {} message received before the connection was lost is left for the hub to deliver "
                              + "again", settings, channel);
                    return;
                }
                h.onMessage(delivery);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: stopping; a {} message is left for the hub to deliver again", settings, channel);
        }
    }
}

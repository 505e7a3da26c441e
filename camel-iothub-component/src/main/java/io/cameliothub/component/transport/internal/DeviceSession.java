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
        DeviceWire.Connection c;
        synchronized (lock) {
            handler = null;
            wanted.remove(Channel.C2D);
            c = current;
        }
        return c == null ? CompletableFuture.completedFuture(null) : c.unsubscribe(Channel.C2D);
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
                : c.subscribe(Channel.TWIN).thenRun(() -> twinMethods.connected(c, this::currentConnection));
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
        return type.isInstance(wire) ? Optional.of(type.cast(wire)) : Optional.empty();
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

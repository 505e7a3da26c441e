package io.cameliothub.component.transport.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.auth.SasTokenExpiredException;
import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection side of a {@link DeviceSession}: the state machine (connect, subscribe the wanted channels, up, lost,
 * reconnect with backoff, fail), token renewal timing (in place, or by a planned reconnect that keeps the state
 * CONNECTED) and the timers. Timers only start non-blocking wire calls.
 */
abstract class SessionLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);
    private static final double RENEW_AT = 0.85;
    private static final Duration DRAIN_BEFORE_RENEWAL = Duration.ofSeconds(10);
    /** A connection that lasted less than this did not prove the hub is fine: the backoff keeps growing. */
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    final TransportSettings settings;
    final TransportResources resources;
    final DeviceWire wire;
    final Backoff backoff;
    final TransportState state;
    final SendWindow window;
    final TransportMetrics metrics = new TransportMetrics();
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final Set<Channel> wanted = EnumSet.noneOf(Channel.class);
    /** Left while no connection was up: the hub may still hold them (MQTT keeps subscriptions across connections). */
    final Set<Channel> dropped = EnumSet.noneOf(Channel.class);

    final Object lock = new Object();
    DeviceWire.Connection current;
    private Attempt connecting;
    C2dHandler handler;
    private ScheduledFuture<?> timer;
    private int attempt;
    private long connectedAt;
    long downSince;
    private boolean renewing;
    private boolean everUp;
    boolean started;
    boolean closed;

    SessionLifecycle(TransportSettings settings, TransportResources resources, DeviceWire wire) {
        this.settings = settings;
        this.resources = resources;
        this.wire = wire;
        this.backoff = new Backoff(settings.options().reconnectMin(), settings.options().reconnectMax());
        this.state = new TransportState(settings.toString());
        this.window = new SendWindow(settings.clientId(), settings.options(), resources.scheduler(),
                resources.completions(), state::lastError);
        this.downSince = System.nanoTime();
    }

    /** Hands a received message to its handler, off the wire's thread. */
    abstract void deliver(C2dHandler handler, Channel channel, C2dDelivery delivery);

    /** The connection is up and its channels subscribed. */
    abstract void connectionUp(DeviceWire.Connection c);

    /** A desired-properties notification arrived on the connection. */
    abstract void desiredArrived(DeviceWire.Connection c, byte[] patch);

    /** A direct-method call arrived on the connection. */
    abstract void methodInvoked(DeviceWire.Connection c, MethodInvocation invocation);

    // ---- connecting ----

    void connect() {
        SasToken token;
        synchronized (lock) {
            if (closed || state.get() == ConnectionState.FAILED) {
                return;
            }
        }
        try {
            token = settings.credentials().token(resources.clock().instant());
        } catch (SasTokenExpiredException e) {
            fail(new IotHubException(e.getMessage(), "401003", false, e));
            return;
        }
        Attempt a = new Attempt();
        synchronized (lock) {
            this.connecting = a;
        }
        CompletableFuture<DeviceWire.Connection> connecting;
        try {
            connecting = wire.connect(token, a);
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        // a wire that never answers must not leave the device waiting for ever
        CompletableFuture<DeviceWire.Connection> attemptFuture = connecting;
        ScheduledFuture<?> guard = schedule(settings.connectTimeout().toMillis(), () -> attemptFuture.completeExceptionally(
                new IotHubException("No connection to " + settings.connectHost() + ":" + settings.port() + " within "
                                    + settings.connectTimeout().toMillis() + " ms", null, true)));
        connecting.whenComplete((c, error) -> {
            if (guard != null) {
                guard.cancel(false);
            }
            if (error == null) {
                connected(a, c, token);
            } else {
                if (c != null) {
                    c.close();
                }
                connectFailed(Errors.unwrap(error));
            }
        });
    }

    private void connected(Attempt a, DeviceWire.Connection c, SasToken token) {
        Set<Channel> toSubscribe;
        Set<Channel> toUnsubscribe = EnumSet.noneOf(Channel.class);
        synchronized (lock) {
            if (closed || a.lost) {
                c.close();
                if (a.lost && !closed) {
                    reconnectLater(a.lostCause);
                }
                return;
            }
            a.connection = c;
            toSubscribe = EnumSet.copyOf(wanted.isEmpty() ? EnumSet.of(Channel.TELEMETRY) : wanted);
            toSubscribe.remove(Channel.TELEMETRY);
            dropped.removeAll(wanted);
            toUnsubscribe.addAll(dropped);
            dropped.clear();
        }
        toUnsubscribe.forEach(c::unsubscribe);
        CompletableFuture<?>[] subscriptions = toSubscribe.stream().map(c::subscribe).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(subscriptions).whenComplete((ok, error) -> {
            if (error != null) {
                // a consumer that reports CONNECTED and receives nothing is worse than a reconnect
                Throwable cause = Errors.unwrap(error);
                a.lost(new IotHubException("The hub refused to subscribe " + settings.clientId() + " to " + toSubscribe
                                           + ": " + cause.getMessage(), null, true, cause));
                return;
            }
            up(a, c, token);
        });
    }

    private void up(Attempt a, DeviceWire.Connection c, SasToken token) {
        boolean wasRenewal;
        synchronized (lock) {
            if (closed || a.lost) {
                c.close();
                return;
            }
            current = c;
            connecting = null;
            connectedAt = System.nanoTime();
            downSince = 0;
            wasRenewal = renewing;
            renewing = false;
            if (everUp && !wasRenewal) {
                metrics.reconnected();
            }
            everUp = true;
            scheduleRenewal(token);
        }
        if (wasRenewal && state.get() == ConnectionState.CONNECTED) {
            LOG.info("{}: SAS token renewed by reconnecting", settings);
        }
        state.set(ConnectionState.CONNECTED, null);
        window.open(c::publish);
        opened.complete(null);
        connectionUp(c);
    }

    private void connectFailed(Throwable error) {
        if (error instanceof IotHubException e && !e.isRetryable()) {
            fail(e);
            return;
        }
        reconnectLater(error instanceof IotHubException ? error
                : new IotHubException("Cannot connect to " + settings.connectHost() + ":" + settings.port() + ": "
                                      + Errors.describe(error), null, true, error));
    }

    private void lost(Attempt a, Throwable cause) {
        DeviceWire.Connection c;
        synchronized (lock) {
            if (a.lost) {
                return;
            }
            a.lost = true;
            a.lostCause = cause;
            if (a.connection == null || closed) {
                return; // still connecting: connected() sees the flag
            }
            c = a.connection;
            boolean mine = current == c || connecting == a;
            if (!mine) {
                c.close(); // a connection the session had already given up
                return;
            }
            current = null;
            connecting = null;
            cancelTimer();
        }
        window.pause(); // the wire fails what the hub may have received, and hands back what never left
        c.close();
        reconnectLater(cause);
    }

    private void reconnectLater(Throwable cause) {
        long delay;
        synchronized (lock) {
            if (closed || state.get() == ConnectionState.FAILED) {
                return;
            }
            if (connectedAt != 0 && System.nanoTime() - connectedAt > STABLE_NANOS) {
                attempt = 0;
            }
            connectedAt = 0;
            if (current == null && downSince == 0) {
                downSince = System.nanoTime();
            }
            renewing = false;
            delay = backoff.delay(attempt++).toMillis();
            cancelTimer();
            timer = schedule(delay, this::connect);
        }
        LOG.debug("{}: reconnecting in {} ms", settings, delay);
        state.set(ConnectionState.RECONNECTING, cause);
    }

    void fail(IotHubException cause) {
        DeviceWire.Connection c;
        synchronized (lock) {
            cancelTimer();
            c = current;
            current = null;
        }
        state.set(ConnectionState.FAILED, cause);
        window.failAll(cause);
        opened.completeExceptionally(cause);
        if (c != null) {
            c.close();
        }
    }

    IotHubException notUsable() {
        Throwable last = state.lastError();
        return last instanceof IotHubException ie ? ie
                : new IotHubException("The transport of " + settings.clientId() + " is " + state.get(), null, false, last);
    }

    // ---- token renewal ----

    private void scheduleRenewal(SasToken token) {
        if (token == null || !settings.credentials().isRenewable() || wire.renewal() == DeviceWire.Renewal.PER_REQUEST) {
            return;
        }
        long life = Duration.between(resources.clock().instant(), token.expiry()).toMillis();
        cancelTimer();
        timer = schedule(Math.max(100, (long) (life * RENEW_AT)), this::renew);
    }

    private void renew() {
        DeviceWire.Connection c;
        synchronized (lock) {
            c = current;
            if (closed || c == null) {
                return;
            }
        }
        SasToken token;
        try {
            token = settings.credentials().token(resources.clock().instant());
        } catch (SasTokenExpiredException e) {
            fail(new IotHubException(e.getMessage(), "401003", false, e));
            return;
        }
        if (wire.renewal() == DeviceWire.Renewal.IN_PLACE) {
            c.renew(token).whenComplete((ok, error) -> {
                if (error == null) {
                    LOG.debug("{}: SAS token renewed", settings);
                    synchronized (lock) {
                        if (current == c) {
                            scheduleRenewal(token);
                        }
                    }
                }
                // a failed renewal is reported by the wire as a lost connection
            });
            return;
        }
        LOG.info("{}: renewing the SAS token by reconnecting (planned; messages in flight drain first)", settings);
        window.pause();
        CompletableFuture<Void> drained = window.whenIdle();
        ScheduledFuture<?> cap = schedule(DRAIN_BEFORE_RENEWAL.toMillis(), () -> drained.complete(null));
        drained.whenComplete((ok, error) -> {
            if (cap != null) {
                cap.cancel(false);
            }
            synchronized (lock) {
                if (closed || current != c) {
                    return;
                }
                current = null;
                renewing = true;
            }
            c.close();
            window.failOnWire(new IotHubException("The connection was renewed before the hub acknowledged the message",
                    null, true));
            later(0, this::connect);
        });
    }

    // ---- timers ----

    void later(long delayMillis, Runnable task) {
        if (schedule(delayMillis, task) == null) {
            fail(new IotHubException("The iothub component is stopping: " + settings.clientId() + " cannot connect",
                    null, false));
        }
    }

    private ScheduledFuture<?> schedule(long delayMillis, Runnable task) {
        try {
            return resources.scheduler().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: the component is stopping; {} not scheduled", settings, task);
            return null;
        }
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** One connection attempt: what its connection reports is about it only, never about a later one. */
    private final class Attempt implements DeviceWire.Events {
        DeviceWire.Connection connection;
        boolean lost;
        Throwable lostCause;

        @Override
        public void requestOutcome(Throwable failure) {
            synchronized (lock) {
                if (closed || current == null || current != connection) {
                    return;
                }
            }
            state.set(failure == null ? ConnectionState.CONNECTED : ConnectionState.RECONNECTING, failure);
        }

        @Override
        public void lost(Throwable cause) {
            SessionLifecycle.this.lost(this, cause);
        }

        @Override
        public void desired(byte[] patch) {
            desiredArrived(connection, patch);
        }

        @Override
        public void invoked(MethodInvocation invocation) {
            methodInvoked(connection, invocation);
        }

        @Override
        public void received(Channel channel, C2dDelivery delivery) {
            C2dHandler h;
            synchronized (lock) {
                h = channel == Channel.C2D ? handler : null;
            }
            if (h == null) {
                LOG.debug("{}: a {} message arrived with no handler; left for the hub to deliver again", settings,
                        channel);
                return;
            }
            deliver(h, channel, metrics.received(delivery));
        }
    }
}

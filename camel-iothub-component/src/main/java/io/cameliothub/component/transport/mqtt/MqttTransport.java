package io.cameliothub.component.transport.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.auth.SasTokenExpiredException;
import io.cameliothub.component.transport.Backoff;
import io.cameliothub.component.transport.C2dDelivery;
import io.cameliothub.component.transport.C2dHandler;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.SendQueue;
import io.cameliothub.component.transport.TransportOptions;
import io.cameliothub.component.transport.TransportState;
import io.cameliothub.component.transport.proxy.ProxyException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub over MQTT 3.1.1 (TLS or WebSocket) with Paho's asynchronous client. Each connection uses a new Paho client,
 * so that every reconnect presents a fresh SAS token; tokens minted from a key are renewed by a clean reconnect at 85%
 * of their life, after the messages in flight were acknowledged.
 */
public final class MqttTransport implements IotHubTransport {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTransport.class);
    private static final double RENEW_AT = 0.85;
    private static final Duration DRAIN_BEFORE_RENEWAL = Duration.ofSeconds(10);

    private final IotHubSettings settings;
    private final TransportOptions options;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final MqttConnector connector;
    private final MqttTopics topics;
    private final Backoff backoff;
    private final TransportState state;
    private final SendQueue sendQueue;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    private final Object lock = new Object();
    private MqttAsyncClient client;
    private C2dAckOrder ackOrder;
    private C2dHandler handler;
    private ScheduledFuture<?> timer;
    private int attempt;
    private boolean started;
    private boolean closed;

    public MqttTransport(IotHubSettings settings, TransportOptions options, SSLContext sslContext,
                         ScheduledExecutorService scheduler, Clock clock) {
        this.settings = settings;
        this.options = options;
        this.scheduler = scheduler;
        this.clock = clock;
        this.connector = new MqttConnector(settings, sslContext, scheduler, options.maxInFlight());
        this.topics = new MqttTopics(settings);
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        this.state = new TransportState(settings.clientId() + "@" + settings.hostName() + " (" + settings.protocol() + ")");
        this.sendQueue = new SendQueue(options, scheduler, this::publish);
    }

    @Override
    public CompletableFuture<Void> open() {
        synchronized (lock) {
            if (!started && !closed) {
                started = true;
                state.set(ConnectionState.CONNECTING, null);
                scheduler.execute(this::connect);
            }
        }
        return opened;
    }

    @Override
    public CompletableFuture<Void> send(IotHubMessage message) {
        if (state.get() == ConnectionState.FAILED || state.get() == ConnectionState.CLOSED) {
            return CompletableFuture.failedFuture(notUsable());
        }
        return sendQueue.submit(message);
    }

    @Override
    public CompletableFuture<Void> subscribe(C2dHandler newHandler) {
        MqttAsyncClient current;
        synchronized (lock) {
            if (handler != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "Device " + settings.clientId() + " already has a cloud-to-device consumer"));
            }
            handler = newHandler;
            current = client;
        }
        return current == null ? CompletableFuture.completedFuture(null) : subscribeOn(current);
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
        MqttAsyncClient current;
        synchronized (lock) {
            handler = null;
            current = client;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (current == null || !current.isConnected()) {
            done.complete(null);
            return done;
        }
        try {
            current.unsubscribe(topics.deviceBoundFilter(), null, listener(done));
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public TransportState status() {
        return state;
    }

    @Override
    public void close() {
        MqttAsyncClient current;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelTimer();
            current = client;
            client = null;
        }
        IotHubException cause = new IotHubException("The transport of " + settings.clientId() + " was closed", null, false);
        sendQueue.failAll(cause);
        state.set(ConnectionState.CLOSED, null);
        opened.completeExceptionally(cause);
        disconnectQuietly(current);
    }

    // ---- connecting ----

    private void connect() {
        SasToken token;
        MqttAsyncClient next;
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                token = settings.credentials().token(clock.instant());
            } catch (SasTokenExpiredException e) {
                fail(new IotHubException(e.getMessage(), "401003", false, e));
                return;
            }
            try {
                next = connector.newClient();
            } catch (MqttException e) {
                fail(new IotHubException("Cannot create an MQTT client for " + settings.clientId() + ": " + e.getMessage(),
                        null, false, e));
                return;
            }
            next.setManualAcks(true);
            next.setCallback(new Callback(next));
        }
        try {
            next.connect(connector.options(token), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    connected(next, token);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    connectFailed(next, e);
                }
            });
        } catch (MqttException e) {
            connectFailed(next, e);
        }
    }

    private void connected(MqttAsyncClient next, SasToken token) {
        C2dHandler current;
        synchronized (lock) {
            if (closed) {
                disconnectQuietly(next);
                return;
            }
            client = next;
            ackOrder = new C2dAckOrder(next);
            attempt = 0;
            current = handler;
            scheduleRenewal(token);
        }
        if (current != null) {
            subscribeOn(next);
        }
        state.set(ConnectionState.CONNECTED, null);
        sendQueue.open();
        opened.complete(null);
    }

    private void connectFailed(MqttAsyncClient failed, Throwable e) {
        scheduler.execute(() -> closeQuietly(failed)); // never close a Paho client on its own callback thread
        if (e instanceof MqttException me && isRefusal(me.getReasonCode())) {
            fail(new IotHubException("IoT Hub refused device " + settings.clientId() + " on " + settings.hostName()
                                     + ": " + refusalReason(me.getReasonCode()),
                    "401", false, e));
            return;
        }
        ProxyException proxyRefusal = ProxyException.authenticationFailure(e);
        if (proxyRefusal != null) {
            fail(new IotHubException(proxyRefusal.getMessage(), "407", false, e));
            return;
        }
        reconnectLater(new IotHubException("Cannot connect to " + settings.connectHost() + ":" + settings.port() + ": "
                                           + describe(e), null, true, e));
    }

    private static boolean isRefusal(int reasonCode) {
        return reasonCode == MqttException.REASON_CODE_FAILED_AUTHENTICATION
               || reasonCode == MqttException.REASON_CODE_NOT_AUTHORIZED
               || reasonCode == MqttException.REASON_CODE_INVALID_CLIENT_ID;
    }

    private static String refusalReason(int reasonCode) {
        return switch (reasonCode) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password (CONNACK 4)";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "client id rejected (CONNACK 2)";
            default -> "not authorized (CONNACK 5): check the key or token, and that the device exists and is enabled";
        };
    }

    private void reconnectLater(Throwable cause) {
        synchronized (lock) {
            if (closed || state.get() == ConnectionState.FAILED) {
                return;
            }
            Duration delay = backoff.delay(attempt++);
            cancelTimer();
            timer = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("{}: reconnecting in {} ms", settings.clientId(), delay.toMillis());
        }
        state.set(ConnectionState.RECONNECTING, cause);
    }

    private void fail(IotHubException cause) {
        synchronized (lock) {
            cancelTimer();
        }
        state.set(ConnectionState.FAILED, cause);
        sendQueue.failAll(cause);
        opened.completeExceptionally(cause);
    }

    private IotHubException notUsable() {
        Throwable last = state.lastError();
        return last instanceof IotHubException ie ? ie
                : new IotHubException("The transport of " + settings.clientId() + " is " + state.get(), null, false, last);
    }

    // ---- token renewal ----

    private void scheduleRenewal(SasToken token) {
        if (token == null || !settings.credentials().isRenewable()) {
            return;
        }
        long lifeMillis = Duration.between(clock.instant(), token.expiry()).toMillis();
        long delay = Math.max(100, (long) (lifeMillis * RENEW_AT));
        cancelTimer();
        timer = scheduler.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        synchronized (lock) {
            if (closed || client == null) {
                return;
            }
        }
        LOG.debug("{}: renewing the SAS token by reconnecting", settings.clientId());
        sendQueue.pause();
        sendQueue.whenIdle()
                .completeOnTimeout(null, DRAIN_BEFORE_RENEWAL.toMillis(), TimeUnit.MILLISECONDS)
                .thenRunAsync(() -> {
                    MqttAsyncClient old;
                    synchronized (lock) {
                        if (closed) {
                            return;
                        }
                        old = client;
                        client = null;
                    }
                    state.set(ConnectionState.RECONNECTING, null);
                    disconnectQuietly(old);
                    // messages that were still unacknowledged after the drain fail now rather than be lost
                    sendQueue.failOnWire(new IotHubException(
                            "The connection was renewed before the hub acknowledged the message", null, true));
                    connect();
                }, scheduler);
    }

    // ---- sending ----

    private void publish(SendQueue.Pending pending) {
        MqttAsyncClient current;
        synchronized (lock) {
            current = client;
        }
        if (current == null || !current.isConnected()) {
            sendQueue.retryLater(pending);
            return;
        }
        IotHubMessage message = pending.message();
        MqttMessage mqtt = new MqttMessage(message.getBody());
        mqtt.setQos(options.atMostOnce() ? 0 : 1);
        try {
            current.publish(topics.events(MqttPropertyBag.encode(message)), mqtt, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    sendQueue.acknowledged(pending);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    sendQueue.failed(pending, new IotHubException(
                            "The hub did not acknowledge the message: " + describe(e), null, true, e));
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                    || e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                sendQueue.retryLater(pending); // the message never left; the connection loss is being handled
            } else {
                sendQueue.failed(pending, new IotHubException("Cannot publish: " + describe(e), null, true, e));
            }
        }
    }

    // ---- receiving ----

    private CompletableFuture<Void> subscribeOn(MqttAsyncClient target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            target.subscribe(topics.deviceBoundFilter(), 1, null, listener(done));
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private void deliver(MqttAsyncClient source, String topic, MqttMessage mqtt) {
        C2dHandler current;
        C2dAckOrder order;
        synchronized (lock) {
            current = handler;
            order = source == client ? ackOrder : null;
        }
        String bag = topics.deviceBoundBag(topic);
        if (current == null || order == null || bag == null) {
            LOG.debug("{}: ignoring a message on {} (no consumer, or not a cloud-to-device topic)", settings.clientId(),
                    topic);
            return; // not acknowledged: the hub delivers it again later
        }
        IotHubMessage message = new IotHubMessage().setBody(mqtt.getPayload());
        MqttPropertyBag.decode(bag, message);
        Object ackToken = order.arrived(mqtt.getId(), mqtt.getQos());
        current.onMessage(new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return message;
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                try {
                    order.settle(ackToken);
                    return CompletableFuture.completedFuture(null);
                } catch (MqttException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        });
    }

    private final class Callback implements MqttCallback {
        private final MqttAsyncClient source;

        Callback(MqttAsyncClient source) {
            this.source = source;
        }

        @Override
        public void connectionLost(Throwable cause) {
            synchronized (lock) {
                if (source != client || closed) {
                    return;
                }
                client = null;
                cancelTimer();
            }
            sendQueue.pause();
            sendQueue.failOnWire(new IotHubException("The connection to the hub was lost before it acknowledged the "
                                                     + "message: " + describe(cause),
                    null, true, cause));
            scheduler.execute(() -> closeQuietly(source));
            reconnectLater(new IotHubException("Connection lost: " + describe(cause), null, true, cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            deliver(source, topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is handled by each publish's listener
        }
    }

    // ---- helpers ----

    private static IMqttActionListener listener(CompletableFuture<Void> done) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                done.completeExceptionally(e);
            }
        };
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private void disconnectQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect: {}", settings.clientId(), e.getMessage());
        }
        closeQuietly(c);
    }

    private void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close: {}", settings.clientId(), e.getMessage());
        }
    }
}

package io.cameliothub.component.transport.amqp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.IotHubVersion;
import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.auth.SasTokenExpiredException;
import io.cameliothub.component.transport.Backoff;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.SendQueue;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's part of a shared AMQP connection: its CBS token (put, then renewed at 85% of its life inside the open
 * connection), its session, its telemetry sender link and its cloud-to-device receiver link. Runs on the connection's
 * event loop only.
 */
final class DeviceLinks {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLinks.class);
    private static final double RENEW_AT = 0.85;
    private static final long CBS_RETRY_MILLIS = 5000;
    private static final int C2D_CREDIT = 100;
    private static final String API_VERSION = "2020-09-30";

    private final AmqpTransport device;
    private final IotHubSettings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final String path;
    private final byte[][] buffer = { new byte[4096] };
    private final Map<Delivery, SendQueue.Pending> unacknowledged = new HashMap<>();
    /** Handed over by the send queue, waiting for the hub's link credit. */
    private final ArrayDeque<SendQueue.Pending> awaitingCredit = new ArrayDeque<>();

    private AmqpConnection connection;
    private Session session;
    private Sender sender;
    private Receiver receiver;
    private AmqpEventLoop.Timer renewal;
    private AmqpEventLoop.Timer retry;
    private final List<AmqpEventLoop.Timer> cbsTimeouts = new ArrayList<>();
    private volatile boolean wantC2d;
    private boolean removed;
    private boolean refused;
    private int attempt;
    private long nextTag;
    /** Bumped whenever the engine is replaced, so late answers from an old one are ignored. */
    private int generation;

    DeviceLinks(AmqpTransport device, IotHubSettings settings, Clock clock) {
        this.device = device;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.transportOptions().reconnectMin(), settings.transportOptions().reconnectMax());
        this.path = "/devices/" + settings.deviceId()
                    + (settings.moduleId() == null ? "" : "/modules/" + settings.moduleId());
    }

    /** The connection is up: authenticate and attach. */
    void start(AmqpConnection c) {
        connection = c;
        if (removed || refused) {
            return;
        }
        authenticate();
    }

    private void authenticate() {
        retry = null;
        if (removed || refused || connection == null || !connection.isUp()) {
            return;
        }
        if (settings.credentials() instanceof DeviceCredentials.X509) {
            attach();
            return;
        }
        SasToken token;
        try {
            token = settings.credentials().token(clock.instant());
        } catch (SasTokenExpiredException e) {
            refuse(new IotHubException(e.getMessage(), "401003", false, e));
            return;
        }
        int asked = generation;
        boolean[] answered = { false };
        connection.cbs().putToken(token.audience(), token.value(), (status, description) -> {
            answered[0] = true;
            if (asked == generation) {
                tokenAnswered(token, status, description);
            }
        });
        // a put-token the hub never answers must not leave the device waiting for ever
        AmqpEventLoop.Timer unanswered = connection.loop().schedule(connection.connectTimeout().toMillis(), () -> {
            if (!answered[0] && asked == generation && !removed && !refused) {
                LOG.warn("{}: no answer to the CBS put-token within {} ms; trying again", settings.clientId(),
                        connection.connectTimeout().toMillis());
                authenticate();
            }
        });
        cbsTimeouts.add(unanswered);
        connection.flush();
    }

    private void tokenAnswered(SasToken token, int status, String description) {
        cbsTimeouts.forEach(DeviceLinks::cancel);
        cbsTimeouts.clear();
        if (removed || refused) {
            return;
        }
        if (status == 200 || status == 202) {
            scheduleRenewal(token);
            if (session == null) {
                attach();
            }
            return;
        }
        if (status == 400 || status == 401 || status == 403 || status == 404) {
            refuse(new IotHubException("IoT Hub refused device " + settings.clientId() + " on " + settings.hostName()
                                       + ": CBS put-token answered " + status + " " + description,
                    String.valueOf(status), false));
            return;
        }
        LOG.warn("{}: CBS put-token answered {} {}; trying again in {} ms", settings.clientId(), status, description,
                CBS_RETRY_MILLIS);
        retry = connection.loop().schedule(CBS_RETRY_MILLIS, this::authenticate);
    }

    private void scheduleRenewal(SasToken token) {
        cancel(renewal);
        renewal = null;
        if (!settings.credentials().isRenewable()) {
            return;
        }
        long life = Duration.between(clock.instant(), token.expiry()).toMillis();
        long delay = Math.max(100, (long) (life * RENEW_AT));
        renewal = connection.loop().schedule(delay, () -> {
            renewal = null;
            LOG.debug("{}: renewing the SAS token with a CBS put-token", settings.clientId());
            authenticate();
        });
    }

    private void attach() {
        Session s = connection.protonConnection().session();
        s.setContext(this);
        s.open();
        session = s;
        String suffix = settings.clientId().replace('/', '-') + "-" + UUID.randomUUID();
        sender = s.sender("sender_link_telemetry-" + suffix);
        Target target = new Target();
        target.setAddress(path + "/messages/events");
        sender.setTarget(target);
        Source source = new Source();
        source.setAddress("telemetry-" + suffix);
        sender.setSource(source);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.setProperties(linkProperties());
        sender.setContext(this);
        sender.open();
        if (wantC2d) {
            openReceiver();
        }
        connection.flush();
    }

    private Map<Symbol, Object> linkProperties() {
        Map<Symbol, Object> props = new HashMap<>();
        props.put(Symbol.valueOf("com.microsoft:api-version"), API_VERSION);
        props.put(Symbol.valueOf("com.microsoft:client-version"), IotHubVersion.clientType());
        props.put(Symbol.valueOf("com.microsoft:channel-correlation-id"), settings.clientId());
        return props;
    }

    private void openReceiver() {
        String suffix = settings.clientId().replace('/', '-') + "-" + UUID.randomUUID();
        receiver = session.receiver("receiver_link_telemetry-" + suffix);
        Source source = new Source();
        source.setAddress(path + "/messages/devicebound");
        receiver.setSource(source);
        Target target = new Target();
        target.setAddress("receiver-" + suffix);
        receiver.setTarget(target);
        receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.setProperties(linkProperties());
        receiver.setContext(this);
        receiver.open();
        receiver.flow(C2D_CREDIT);
    }

    void linkOpened(Link link) {
        if (link == sender && link.getRemoteTarget() != null) {
            attempt = 0;
            device.linksUp();
        }
    }

    void linkClosed(Link link) {
        if (removed || refused || (link != sender && link != receiver)) {
            return;
        }
        if (link == receiver && !wantC2d) {
            receiver = null;
            return;
        }
        IotHubException cause = AmqpErrors.of("IoT Hub detached the link of " + settings.clientId(),
                link.getRemoteCondition());
        if (settings.credentials() instanceof DeviceCredentials.X509 && !cause.isRetryable()) {
            // for a certificate device the attach is the authentication: a permanent refusal ends it like a CBS 401
            refuse(new IotHubException("IoT Hub refused device " + settings.clientId() + " on " + settings.hostName()
                                       + ": " + cause.getMessage(), cause.getErrorCode(), false));
            return;
        }
        closeSession();
        device.linksDown(cause);
        failUnacknowledged(cause);
        // the usual cause is a lapsed or superseded token: authenticate again and reattach
        long delay = backoff.delay(attempt++).toMillis();
        LOG.info("{}: {}; authenticating again in {} ms", settings.clientId(), cause.getMessage(), delay);
        cancel(renewal);
        renewal = null;
        retry = connection.loop().schedule(delay, this::authenticate);
    }

    /** Whether the device wants cloud-to-device messages; any thread. */
    void wantC2d(boolean wanted) {
        wantC2d = wanted;
    }

    /** Opens or closes the receiver link as the device wants; loop thread. */
    void applyC2dWish() {
        if (removed || session == null || connection == null) {
            return;
        }
        if (wantC2d && receiver == null) {
            openReceiver();
        } else if (!wantC2d && receiver != null && receiver.getLocalState() != EndpointState.CLOSED) {
            receiver.close();
        }
        connection.flush();
    }

    /** Puts a message on the sender link as credit allows; the hub's disposition completes it. */
    void send(SendQueue.Pending pending, SendQueue queue) {
        if (sender == null || sender.getLocalState() != EndpointState.ACTIVE
                || sender.getRemoteState() != EndpointState.ACTIVE) {
            queue.retryLater(pending);
            return;
        }
        awaitingCredit.add(pending);
        sendWithinCredit();
    }

    /** The hub granted credit (or a message was queued): transfer while there is credit. */
    void sendWithinCredit() {
        while (sender != null && sender.getCredit() > 0 && !awaitingCredit.isEmpty()) {
            SendQueue.Pending pending = awaitingCredit.poll();
            if (pending.result().isDone()) {
                continue; // timed out while waiting for credit
            }
            Message m = AmqpMessageCodec.toAmqp(pending.message());
            int n = AmqpMessageCodec.encode(m, buffer);
            Delivery d = sender.delivery(Long.toString(nextTag++).getBytes(StandardCharsets.US_ASCII));
            unacknowledged.put(d, pending);
            sender.send(buffer[0], 0, n);
            sender.advance();
        }
        connection.flush();
    }

    void onDelivery(Delivery d) {
        if (d.getLink() == sender || d.getLink() instanceof Sender) {
            acknowledged(d);
        } else {
            received(d);
        }
    }

    private void acknowledged(Delivery d) {
        DeliveryState state = d.getRemoteState();
        if (state == null && !d.remotelySettled()) {
            return;
        }
        SendQueue.Pending pending = unacknowledged.remove(d);
        d.settle();
        if (pending == null) {
            return;
        }
        if (state instanceof Accepted) {
            device.acknowledged(pending);
        } else if (state instanceof Rejected r) {
            device.failed(pending, AmqpErrors.of("IoT Hub rejected the message", r.getError()));
        } else {
            device.failed(pending, new IotHubException("IoT Hub did not take the message (" + state + "); send it again",
                    null, true));
        }
    }

    private void received(Delivery d) {
        if (!d.isReadable() || d.isPartial()) {
            return;
        }
        Receiver link = (Receiver) d.getLink();
        byte[] bytes = new byte[d.pending()];
        int n = link.recv(bytes, 0, bytes.length);
        link.advance();
        Message m = Proton.message();
        try {
            m.decode(bytes, 0, n);
        } catch (RuntimeException e) {
            LOG.warn("{}: undecodable cloud-to-device message rejected: {}", settings.clientId(), e.toString());
            d.disposition(new Rejected());
            d.settle();
            link.flow(1);
            return;
        }
        IotHubMessage message = AmqpMessageCodec.fromAmqp(m, d.getTag());
        int deliveredIn = generation;
        device.deliver(message, outcome -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            connection.loop().execute(() -> {
                if (deliveredIn != generation || d.isSettled()) {
                    done.completeExceptionally(new IotHubException("The connection was lost before the message was "
                                                                   + "settled; IoT Hub delivers it again", null, true));
                    return;
                }
                d.disposition(switch (outcome) {
                    case COMPLETE -> Accepted.getInstance();
                    case ABANDON -> Released.getInstance();
                    case REJECT -> new Rejected();
                });
                d.settle();
                if (link.getLocalState() == EndpointState.ACTIVE) {
                    link.flow(1);
                }
                connection.flush();
                done.complete(null);
            });
            return done;
        });
    }

    /** The engine went away: everything attached to it is gone. */
    void connectionLost(IotHubException cause) {
        generation++;
        cbsTimeouts.forEach(DeviceLinks::cancel);
        cbsTimeouts.clear();
        session = null;
        sender = null;
        receiver = null;
        cancel(renewal);
        cancel(retry);
        renewal = null;
        retry = null;
        if (!removed && !refused) {
            device.linksDown(cause);
        }
        failUnacknowledged(cause);
        if (!removed && !refused && "407".equals(cause.getErrorCode())) {
            refuse(cause); // the proxy refused the credentials
        }
    }

    /** Fails what the hub may have received; what never left goes back to the send queue's waiting line. */
    private void failUnacknowledged(IotHubException cause) {
        Map<Delivery, SendQueue.Pending> copy = new HashMap<>(unacknowledged);
        unacknowledged.clear();
        copy.values().forEach(p -> device.failed(p, cause));
        SendQueue.Pending p;
        while ((p = awaitingCredit.pollLast()) != null) {
            device.retryLater(p); // newest first, as each goes to the head of the line
        }
    }

    private void refuse(IotHubException cause) {
        refused = true;
        closeSession();
        cancel(renewal);
        device.refused(cause);
    }

    private void closeSession() {
        generation++;
        if (sender != null && sender.getLocalState() != EndpointState.CLOSED) {
            sender.close();
        }
        if (receiver != null && receiver.getLocalState() != EndpointState.CLOSED) {
            receiver.close();
        }
        if (session != null && session.getLocalState() != EndpointState.CLOSED) {
            session.close();
        }
        session = null;
        sender = null;
        receiver = null;
        if (connection != null) {
            connection.flush();
        }
    }

    /** The device leaves the connection (its route stopped): only its session closes. */
    void remove() {
        if (removed) {
            return;
        }
        closeSession();
        removed = true;
        cancel(renewal);
        cancel(retry);
        cbsTimeouts.forEach(DeviceLinks::cancel);
        cbsTimeouts.clear();
        failUnacknowledged(new IotHubException("The transport of " + settings.clientId() + " was closed", null, false));
    }

    private static void cancel(AmqpEventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** What the consumer does with a message, as a function of its outcome. */
    @FunctionalInterface
    interface Settler {
        CompletableFuture<Void> settle(C2dOutcome outcome);
    }
}

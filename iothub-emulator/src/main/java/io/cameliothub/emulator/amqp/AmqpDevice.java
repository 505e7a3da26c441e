package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AckPlan;
import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.C2dQueue;
import io.cameliothub.emulator.core.DisconnectReason;
import io.cameliothub.emulator.core.HubConnection;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.Protocol;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One identity authenticated on an AMQP connection: its telemetry link, its cloud-to-device link with lock tokens as
 * delivery tags, and its token's lifetime. Its links end when the token lapses without renewal or another connection
 * takes the identity over; the connection itself stays. Runs on the connection's context; {@link #close} may be called
 * from anywhere.
 */
final class AmqpDevice implements HubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpDevice.class);

    private final AmqpHubConnection owner;
    private final HubCore core;
    private final Vertx vertx;
    private final Context context;
    private final Identity identity;
    private final Instant connectedAt;
    private final C2dQueue queue;
    /** Lock token -> the link it was delivered on, until the device settles it. */
    private final Map<String, ProtonSender> unsettled = new HashMap<>();
    private AuthResult auth;
    private long expiryTimer = -1;
    private ProtonReceiver events;
    private ProtonSender c2d;
    private Runnable queueListener;
    private final AmqpTwinMethods twinMethods;
    private boolean closed;

    AmqpDevice(AmqpHubConnection owner, HubCore core, Vertx vertx, Context context, AuthResult auth) {
        this.owner = owner;
        this.core = core;
        this.vertx = vertx;
        this.context = context;
        this.identity = auth.identity();
        this.connectedAt = core.clock().instant();
        this.queue = core.c2dQueue(identity);
        this.twinMethods = new AmqpTwinMethods(core, identity, context, this::leaveIfNoLinks);
        authorized(auth);
    }

    /** A (new) token for this identity was accepted: its lifetime restarts. */
    void authorized(AuthResult next) {
        this.auth = next;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        Instant now = core.clock().instant();
        Instant deadline = next.expiresAt();
        if (!deadline.isAfter(now)) {
            // accepted only thanks to clock skew: allow the skew, or the device could never connect
            deadline = deadline.plus(core.limits().sasClockSkew());
        }
        long ms = Math.max(1, Duration.between(now, deadline).toMillis());
        expiryTimer = vertx.setTimer(ms, id -> {
            expiryTimer = -1;
            LOG.info("{}: CBS token expired without renewal, detaching its links", identity);
            detach(DisconnectReason.TOKEN_EXPIRED);
        });
    }

    void attachEvents(ProtonReceiver link) {
        steal(events);
        events = link;
        link.setTarget(link.getRemoteTarget());
        link.setAutoAccept(false);
        link.handler((delivery, message) -> owner.guarded("telemetry", () -> onTelemetry(delivery, message)));
        link.closeHandler(r -> linkClosed(link));
        link.detachHandler(r -> linkClosed(link));
        link.open();
    }

    void attachC2d(ProtonSender link) {
        steal(c2d);
        c2d = link;
        link.setSource(link.getRemoteSource());
        link.sendQueueDrainHandler(s -> pump());
        link.closeHandler(r -> linkClosed(link));
        link.detachHandler(r -> linkClosed(link));
        link.open();
        if (queueListener == null) {
            queueListener = queue.onAvailable(() -> context.runOnContext(v -> pump()));
        }
        pump();
    }

    /** Twin and method links: see {@link AmqpTwinMethods}. */
    AmqpTwinMethods twinMethods() {
        return twinMethods;
    }

    private void onTelemetry(ProtonDelivery delivery, Message message) {
        if (closed) {
            // the rest of a read whose connection was just dropped (e.g. a lost-acknowledgement fault): a hub whose
            // connection is gone stores nothing more from it; the device sends these again, unsettled as they are
            return;
        }
        try {
            core.acceptTelemetry(auth, AmqpMessages.toD2c(message), owner.protocol());
            AckPlan plan = core.faults().ackPlan();
            if (plan.lose()) {
                LOG.info("{}: message accepted, dropping the connection before its disposition (fault)", identity);
                owner.disconnect();
            } else if (plan.delayed()) {
                vertx.setTimer(plan.delay().toMillis(), t -> {
                    if (!closed && !delivery.remotelySettled()) {
                        ProtonHelper.accepted(delivery, true);
                    }
                });
            } else {
                ProtonHelper.accepted(delivery, true);
            }
        } catch (HubException e) {
            LOG.info("{}: telemetry rejected: {}", identity, e.getMessage());
            Rejected rejected = new Rejected();
            rejected.setError(AmqpMessages.condition(e));
            delivery.disposition(rejected, true);
        }
    }

    /** Moves available C2D messages to the device while its link has credit. */
    private void pump() {
        while (!closed && c2d != null && c2d.isOpen() && !c2d.sendQueueFull()) {
            Optional<LockedMessage> next = queue.receive();
            if (next.isEmpty()) {
                return;
            }
            LockedMessage locked = next.get();
            ProtonSender link = c2d;
            unsettled.put(locked.lockToken(), link);
            link.send(AmqpMessages.tag(locked.lockToken()), AmqpMessages.toAmqp(locked),
                    d -> settled(locked.lockToken(), d));
        }
    }

    /** accepted = complete, released = abandon, rejected = reject (modified: undeliverable-here rejects). */
    private void settled(String lockToken, ProtonDelivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (state == null || unsettled.remove(lockToken) == null) {
            return;
        }
        try {
            if (state instanceof Accepted) {
                queue.complete(lockToken);
            } else if (state instanceof Rejected) {
                queue.reject(lockToken);
            } else if (state instanceof Modified m && Boolean.TRUE.equals(m.getUndeliverableHere())) {
                queue.reject(lockToken);
            } else {
                queue.abandon(lockToken);
            }
        } catch (HubException e) {
            LOG.info("{}: outcome {} came after the lock expired; the message will be redelivered", identity, state);
        }
        pump();
    }

    private void steal(ProtonLink<?> previous) {
        if (previous != null && previous.isOpen()) {
            LOG.info("{}: a new link for {} steals the previous one", identity, previous.getName());
            AmqpLinks.close(previous, new ErrorCondition(
                    org.apache.qpid.proton.amqp.Symbol.valueOf("amqp:link:stolen"), "409002 LinkCreationConflict: a new link was attached for the same address"));
            if (previous instanceof ProtonSender s) {
                abandonUnsettled(s);
            }
        }
    }

    private void linkClosed(ProtonLink<?> link) {
        if (link.isOpen()) {
            link.close();
        }
        if (link == events) {
            events = null;
        }
        if (link instanceof ProtonSender s) {
            abandonUnsettled(s);
            if (link == c2d) {
                c2d = null;
            }
        }
        leaveIfNoLinks();
    }

    private void leaveIfNoLinks() {
        if (events == null && c2d == null && !twinMethods.hasLinks() && !closed) {
            // the device closed its last link (e.g. its session): it left the connection
            owner.forget(this);
            cleanup();
        }
    }

    private void abandonUnsettled(ProtonSender link) {
        List<String> tokens = unsettled.entrySet().stream().filter(e -> link == null || e.getValue() == link)
                .map(Map.Entry::getKey).toList();
        for (String token : tokens) {
            unsettled.remove(token);
            try {
                queue.abandon(token);
            } catch (HubException e) {
                // lock already expired: the queue re-enqueued it
            }
        }
    }

    /** Ends this identity's part of the connection with an error condition on its links. */
    void detach(DisconnectReason reason) {
        if (closed) {
            return;
        }
        ErrorCondition condition = switch (reason) {
            case NEW_CONNECTION -> new ErrorCondition(org.apache.qpid.proton.amqp.Symbol.valueOf("amqp:link:stolen"),
                    "400027 ConnectionForcefullyClosedOnNewConnection");
            case TOKEN_EXPIRED -> new ErrorCondition(org.apache.qpid.proton.amqp.Symbol.valueOf("amqp:unauthorized-access"),
                    "401003 IotHubUnauthorized: the CBS token expired");
            case DEVICE_DISABLED -> new ErrorCondition(org.apache.qpid.proton.amqp.Symbol.valueOf("amqp:not-found"),
                    "404001 DeviceNotFound: the device was disabled or deleted");
            default -> new ErrorCondition(org.apache.qpid.proton.amqp.Symbol.valueOf("amqp:link:detach-forced"),
                    reason.name());
        };
        AmqpLinks.close(events, condition);
        AmqpLinks.close(c2d, condition);
        twinMethods.closeAll(condition);
        owner.forget(this);
        cleanup();
    }

    /** The connection is gone (or this identity left it): give back unsettled messages and unregister. */
    void cleanup() {
        if (closed) {
            return;
        }
        closed = true;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
            expiryTimer = -1;
        }
        if (queueListener != null) {
            queueListener.run();
            queueListener = null;
        }
        abandonUnsettled(null);
        twinMethods.stop();
        events = null;
        c2d = null;
        core.connections().unregister(this);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close(DisconnectReason reason) {
        context.runOnContext(v -> {
            if (reason == DisconnectReason.DROPPED || reason == DisconnectReason.SHUTDOWN) {
                // a network failure or shutdown takes the whole multiplexed connection down
                owner.disconnect();
            } else {
                detach(reason);
            }
        });
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Protocol protocol() {
        return owner.protocol();
    }

    @Override
    public String remoteAddress() {
        return owner.remoteAddress();
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public String toString() {
        return "AmqpDevice[" + identity + " on " + owner.remoteAddress() + "]";
    }
}

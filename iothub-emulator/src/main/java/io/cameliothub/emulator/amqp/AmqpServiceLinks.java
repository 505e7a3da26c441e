package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.FeedbackQueue;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ServiceAuth;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's links on one AMQP connection, authenticated by a policy token (CBS put-token or SASL PLAIN
 * {@code {policy}@sas.root.{hub}}) with ServiceConnect: the C2D sender to {@code /messages/devicebound} (each message
 * enqueued for the device its {@code to} names; refusals come back as {@code rejected}) and the feedback receiver on
 * {@code /messages/servicebound/feedback} (batches from the hub's {@link FeedbackQueue}; accepted completes a batch,
 * anything else puts its records back). Runs on the connection's context.
 */
final class AmqpServiceLinks {

    static final Pattern C2D_ADDRESS = Pattern.compile("^(?:amqps?://[^/]+)?/messages/devicebound/?$",
            Pattern.CASE_INSENSITIVE);
    static final Pattern FEEDBACK_ADDRESS = Pattern.compile("^(?:amqps?://[^/]+)?/messages/servicebound/feedback/?$",
            Pattern.CASE_INSENSITIVE);

    /** Records produced together (e.g. by one sweep) travel in one batch: the sender waits this long first. */
    static final long BATCH_WINDOW_MS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(AmqpServiceLinks.class);

    private final HubCore core;
    private final Vertx vertx;
    private final Context context;
    private final String remoteAddress;
    private final Map<String, ProtonSender> unsettled = new HashMap<>();
    private final List<ProtonLink<?>> links = new ArrayList<>();
    private ServiceAuth auth;
    private long expiryTimer = -1;
    private ProtonSender feedback;
    private Runnable feedbackListener;
    private boolean pumpScheduled;
    private boolean closed;

    AmqpServiceLinks(HubCore core, Vertx vertx, Context context, String remoteAddress) {
        this.core = core;
        this.vertx = vertx;
        this.context = context;
        this.remoteAddress = remoteAddress;
    }

    static boolean isC2dAddress(String address) {
        return address != null && C2D_ADDRESS.matcher(address).matches();
    }

    static boolean isFeedbackAddress(String address) {
        return address != null && FEEDBACK_ADDRESS.matcher(address).matches();
    }

    /** A policy token was accepted on this connection: service links may attach until it expires. */
    void authorized(ServiceAuth next) {
        auth = next;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        Instant now = core.clock().instant();
        Instant deadline = next.expiresAt().isAfter(now) ? next.expiresAt()
                : next.expiresAt().plus(core.limits().sasClockSkew());
        expiryTimer = vertx.setTimer(Math.max(1, Duration.between(now, deadline).toMillis()), id -> {
            expiryTimer = -1;
            auth = null;
            LOG.info("service token of {} expired without renewal, detaching its links", remoteAddress);
            detachAll(new ErrorCondition(Symbol.valueOf("amqp:unauthorized-access"),
                    "401003 IotHubUnauthorized: the CBS token expired"));
        });
    }

    /** The backend's C2D sender (a receiver here). */
    void attachC2d(ProtonReceiver link) {
        if (!permitted(link)) {
            return;
        }
        links.add(link);
        link.setTarget(link.getRemoteTarget());
        link.setAutoAccept(false);
        link.handler(this::onC2d);
        link.closeHandler(r -> linkClosed(link));
        link.detachHandler(r -> linkClosed(link));
        link.open();
    }

    /** The backend's feedback receiver (a sender here). */
    void attachFeedback(ProtonSender link) {
        if (!permitted(link)) {
            return;
        }
        if (feedback != null && feedback.isOpen()) {
            AmqpLinks.close(feedback, new ErrorCondition(Symbol.valueOf("amqp:link:stolen"),
                    "409002 LinkCreationConflict: a new feedback receiver was attached on this connection"));
            abandonUnsettled(feedback);
        }
        links.add(link);
        feedback = link;
        link.setSource(link.getRemoteSource());
        link.sendQueueDrainHandler(s -> pump());
        link.closeHandler(r -> linkClosed(link));
        link.detachHandler(r -> linkClosed(link));
        link.open();
        if (feedbackListener == null) {
            feedbackListener = core.feedbackQueue().onAvailable(() -> context.runOnContext(v -> schedulePump()));
        }
        schedulePump();
    }

    private boolean permitted(ProtonLink<?> link) {
        HubException refused = null;
        if (auth == null) {
            refused = new HubException(IotHubError.UNAUTHORIZED, "no valid policy token was put on this connection");
        } else if (!auth.has(AccessPolicy.Right.SERVICE_CONNECT)) {
            refused = new HubException(IotHubError.UNAUTHORIZED_ACCESS, "policy '" + auth.policyName()
                    + "' lacks the ServiceConnect permission");
        }
        if (refused == null) {
            return true;
        }
        LOG.info("refusing service link {} from {}: {}", link.getName(), remoteAddress, refused.getMessage());
        if (link instanceof ProtonReceiver r) {
            r.setPrefetch(0);
        }
        link.setCondition(new ErrorCondition(Symbol.valueOf("amqp:unauthorized-access"), refused.getMessage()));
        link.open();
        link.close();
        return false;
    }

    private void onC2d(ProtonDelivery delivery, Message message) {
        try {
            Identity target = AmqpServiceMessages.target(message);
            core.sendC2d(target, AmqpServiceMessages.toC2d(message));
            ProtonHelper.accepted(delivery, true);
        } catch (HubException e) {
            LOG.info("C2D from service {} rejected: {}", remoteAddress, e.getMessage());
            Rejected rejected = new Rejected();
            rejected.setError(AmqpServiceMessages.condition(e));
            delivery.disposition(rejected, true);
        }
    }

    private void schedulePump() {
        if (pumpScheduled || closed) {
            return;
        }
        pumpScheduled = true;
        vertx.setTimer(BATCH_WINDOW_MS, id -> context.runOnContext(v -> {
            pumpScheduled = false;
            pump();
        }));
    }

    private void pump() {
        String hubName = core.hostName().split("\\.", 2)[0];
        while (!closed && feedback != null && feedback.isOpen() && !feedback.sendQueueFull()) {
            Optional<FeedbackQueue.Batch> next = core.feedbackQueue().take();
            if (next.isEmpty()) {
                return;
            }
            FeedbackQueue.Batch batch = next.get();
            ProtonSender link = feedback;
            unsettled.put(batch.lockToken(), link);
            link.send(AmqpMessages.tag(batch.lockToken()),
                    AmqpServiceMessages.feedback(batch, hubName, core.clock().instant()),
                    d -> settled(batch.lockToken(), d));
        }
    }

    /** accepted completes the batch; released, modified or rejected puts its records back. */
    private void settled(String lockToken, ProtonDelivery delivery) {
        DeliveryState state = delivery.getRemoteState();
        if (state == null || unsettled.remove(lockToken) == null) {
            return;
        }
        if (state instanceof Accepted) {
            core.feedbackQueue().complete(lockToken);
        } else {
            core.feedbackQueue().abandon(lockToken);
        }
    }

    private void linkClosed(ProtonLink<?> link) {
        if (link.isOpen()) {
            link.close();
        }
        links.remove(link);
        if (link instanceof ProtonSender s) {
            abandonUnsettled(s);
            if (s == feedback) {
                feedback = null;
            }
        }
    }

    private void abandonUnsettled(ProtonSender link) {
        List<String> tokens = unsettled.entrySet().stream().filter(e -> link == null || e.getValue() == link)
                .map(Map.Entry::getKey).toList();
        tokens.forEach(t -> {
            unsettled.remove(t);
            core.feedbackQueue().abandon(t);
        });
    }

    private void detachAll(ErrorCondition condition) {
        new ArrayList<>(links).forEach(l -> AmqpLinks.close(l, condition));
        links.clear();
        abandonUnsettled(null);
        feedback = null;
    }

    /** The connection is gone: unsettled batches go back to the queue. */
    void cleanup() {
        if (closed) {
            return;
        }
        closed = true;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
            expiryTimer = -1;
        }
        if (feedbackListener != null) {
            feedbackListener.run();
            feedbackListener = null;
        }
        abandonUnsettled(null);
        links.clear();
        feedback = null;
    }
}

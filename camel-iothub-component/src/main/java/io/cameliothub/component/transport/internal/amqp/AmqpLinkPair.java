package io.cameliothub.component.transport.internal.amqp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.cameliothub.component.transport.IotHubException;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
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
 * A sender and a receiver link on one IoT Hub node ({@code .../twin}, {@code .../methods/devicebound}), paired by a
 * {@code com.microsoft:channel-correlation-id} of {@code {kind}:{uuid}}: requests wait for the hub's credit and
 * complete on its disposition; what arrives is decoded, handed on and settled at once. Loop thread only.
 */
final class AmqpLinkPair {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpLinkPair.class);
    private static final Symbol CHANNEL_CORRELATION_ID = Symbol.valueOf("com.microsoft:channel-correlation-id");
    private static final int CREDIT = 100;

    private record Outgoing(Message message, CompletableFuture<Void> result) {
    }

    private final AmqpConnection connection;
    private final String what;
    private final Sender sender;
    private final Receiver receiver;
    private final Predicate<Message> onMessage;
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private final Map<Delivery, CompletableFuture<Void>> unacknowledged = new HashMap<>();
    private final ArrayDeque<Outgoing> awaitingCredit = new ArrayDeque<>();
    private long nextTag;
    private boolean closed;

    /**
     * @param onMessage takes what the hub sent; false rejects the delivery (malformed)
     */
    AmqpLinkPair(Session session, AmqpConnection connection, String address, String kind, String clientId,
                 Map<Symbol, Object> properties, Object context, Predicate<Message> onMessage) {
        this.connection = connection;
        this.what = kind + " links of " + clientId;
        this.onMessage = onMessage;
        String suffix = clientId.replace('/', '-') + "-" + UUID.randomUUID();
        Map<Symbol, Object> linkProperties = new HashMap<>(properties);
        linkProperties.put(CHANNEL_CORRELATION_ID, kind + ":" + UUID.randomUUID());

        sender = session.sender("sender_link_" + kind + "-" + suffix);
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        Source local = new Source();
        local.setAddress(kind + "-requests-" + suffix);
        sender.setSource(local);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.setProperties(linkProperties);
        sender.setContext(context);

        receiver = session.receiver("receiver_link_" + kind + "-" + suffix);
        Source source = new Source();
        source.setAddress(address);
        receiver.setSource(source);
        Target localTarget = new Target();
        localTarget.setAddress(kind + "-responses-" + suffix);
        receiver.setTarget(localTarget);
        receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.setProperties(linkProperties);
        receiver.setContext(context);

        sender.open();
        receiver.open();
        receiver.flow(CREDIT);
    }

    boolean owns(Object link) {
        return link == sender || link == receiver;
    }

    boolean isClosed() {
        return closed;
    }

    /** Completes once the hub attached both links; fails when it refused one or the pair closed first. */
    CompletableFuture<Void> attached() {
        return attached;
    }

    /** One of the pair's links opened on the hub's side. */
    void linkOpened(Link link) {
        if (sender.getRemoteState() == EndpointState.ACTIVE && sender.getRemoteTarget() != null
            && receiver.getRemoteState() == EndpointState.ACTIVE && receiver.getRemoteSource() != null) {
            attached.complete(null);
        }
    }

    /** Sends within the hub's credit; completes when the hub accepted the message. */
    CompletableFuture<Void> send(Message message) {
        connection.loop().assertInLoop();
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IotHubException("The " + what + " are closed", null, true));
            return result;
        }
        awaitingCredit.add(new Outgoing(message, result));
        sendWithinCredit();
        return result;
    }

    void sendWithinCredit() {
        connection.loop().assertInLoop();
        boolean sent = false;
        while (!closed && sender.getCredit() > 0 && !awaitingCredit.isEmpty()) {
            Outgoing next = awaitingCredit.poll();
            if (next.result().isDone()) {
                continue;
            }
            byte[][] buffer = connection.loop().encodeBuffer();
            int n = AmqpMessageCodec.encode(next.message(), buffer);
            Delivery d = sender.delivery(Long.toString(nextTag++).getBytes(StandardCharsets.US_ASCII));
            unacknowledged.put(d, next.result());
            sender.send(buffer[0], 0, n);
            sender.advance();
            sent = true;
        }
        if (sent) {
            connection.flush();
        }
    }

    /** A delivery on one of the pair's links. */
    void onDelivery(Delivery d) {
        connection.loop().assertInLoop();
        if (d.getLink() == sender) {
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
        CompletableFuture<Void> result = unacknowledged.remove(d);
        d.settle();
        if (result == null) {
            return;
        }
        if (state instanceof Accepted) {
            result.complete(null);
        } else if (state instanceof Rejected r) {
            result.completeExceptionally(AmqpErrors.of("IoT Hub rejected a message on the " + what, r.getError()));
        } else {
            result.completeExceptionally(new IotHubException("IoT Hub did not take a message on the " + what + " ("
                                                             + state + ")", null, true));
        }
    }

    private void received(Delivery d) {
        if (!d.isReadable() || d.isPartial()) {
            return;
        }
        byte[] bytes = new byte[d.pending()];
        int n = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        boolean taken;
        try {
            Message m = Proton.message();
            m.decode(bytes, 0, n);
            taken = onMessage.test(m);
        } catch (RuntimeException e) {
            LOG.warn("{}: undecodable message rejected: {}", what, e.toString());
            taken = false;
        }
        d.disposition(taken ? Accepted.getInstance() : new Rejected());
        d.settle();
        if (receiver.getLocalState() == EndpointState.ACTIVE) {
            receiver.flow(1);
        }
        connection.flush();
    }

    /** The links are gone (lost, or no longer wanted): whatever waits fails with the cause. */
    void close(Throwable cause) {
        closed = true;
        attached.completeExceptionally(cause);
        List<CompletableFuture<Void>> waiting = new ArrayList<>(unacknowledged.values());
        unacknowledged.clear();
        awaitingCredit.forEach(o -> waiting.add(o.result()));
        awaitingCredit.clear();
        waiting.forEach(f -> f.completeExceptionally(cause));
        for (Link link : new Link[] { sender, receiver }) {
            if (link.getLocalState() != EndpointState.CLOSED) {
                link.close();
            }
        }
    }
}

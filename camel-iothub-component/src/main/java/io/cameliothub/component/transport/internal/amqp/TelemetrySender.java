package io.cameliothub.component.transport.internal.amqp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.SendWindow;
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
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * A device's telemetry sender link: messages wait for the hub's link credit, go out as unsettled transfers, and
 * complete with the hub's disposition. A message whose send timeout passed while it waited for credit is skipped (the
 * send window already gave its slot back). Loop thread only.
 */
final class TelemetrySender {

    private record Outgoing(IotHubMessage message, CompletableFuture<Void> result) {
    }

    private final Sender sender;
    private final AmqpEventLoop loop;
    private final Map<Delivery, CompletableFuture<Void>> unacknowledged = new HashMap<>();
    private final ArrayDeque<Outgoing> awaitingCredit = new ArrayDeque<>();
    private long nextTag;

    TelemetrySender(Session session, AmqpEventLoop loop, String path, String clientId, Map<Symbol, Object> properties,
                    Object context) {
        this.loop = loop;
        String suffix = clientId.replace('/', '-') + "-" + UUID.randomUUID();
        sender = session.sender("sender_link_telemetry-" + suffix);
        Target target = new Target();
        target.setAddress(path + "/messages/events");
        sender.setTarget(target);
        Source source = new Source();
        source.setAddress("telemetry-" + suffix);
        sender.setSource(source);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.setProperties(properties);
        sender.setContext(context);
        sender.open();
    }

    boolean owns(Object link) {
        return link == sender;
    }

    /** Whether the hub attached the link (with a target: a refused attach comes back without one). */
    boolean isUp() {
        return sender.getRemoteState() == EndpointState.ACTIVE && sender.getRemoteTarget() != null;
    }

    /** Transfers the message (or queues it for credit); the result completes with the hub's disposition. */
    void send(IotHubMessage message, CompletableFuture<Void> result) {
        loop.assertInLoop();
        if (sender.getLocalState() != EndpointState.ACTIVE || sender.getRemoteState() != EndpointState.ACTIVE) {
            result.completeExceptionally(new SendWindow.NotSent("the telemetry link is not attached"));
            return;
        }
        awaitingCredit.add(new Outgoing(message, result));
        sendWithinCredit();
    }

    /** The hub granted credit (or a message was queued): transfer while there is credit. */
    void sendWithinCredit() {
        loop.assertInLoop();
        while (sender.getCredit() > 0 && !awaitingCredit.isEmpty()) {
            Outgoing next = awaitingCredit.poll();
            if (next.result().isDone()) {
                continue; // its send timeout passed while it waited for credit
            }
            Message m = AmqpMessageCodec.toAmqp(next.message());
            byte[][] buffer = loop.encodeBuffer();
            int n = AmqpMessageCodec.encode(m, buffer);
            Delivery d = sender.delivery(Long.toString(nextTag++).getBytes(StandardCharsets.US_ASCII));
            unacknowledged.put(d, next.result());
            sender.send(buffer[0], 0, n);
            sender.advance();
        }
    }

    /** The hub's disposition of a transfer. */
    void onDelivery(Delivery d) {
        loop.assertInLoop();
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
            result.completeExceptionally(AmqpErrors.of("IoT Hub rejected the message", r.getError()));
        } else {
            result.completeExceptionally(new IotHubException("IoT Hub did not take the message (" + state
                                                             + "); send it again", null, true));
        }
    }

    /** The link is gone: what the hub may have received fails; what never left goes back to the send window. */
    void closed(IotHubException cause) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(unacknowledged.values());
        unacknowledged.clear();
        sent.forEach(f -> f.completeExceptionally(cause));
        Outgoing o;
        while ((o = awaitingCredit.pollLast()) != null) { // newest first: each goes back to the head of the line
            o.result().completeExceptionally(new SendWindow.NotSent("the telemetry link closed"));
        }
        if (sender.getLocalState() != EndpointState.CLOSED) {
            sender.close();
        }
    }
}

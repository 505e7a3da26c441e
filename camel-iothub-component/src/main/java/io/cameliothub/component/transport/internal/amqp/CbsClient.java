package io.cameliothub.component.transport.internal.amqp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.slf4j.LoggerFactory;

/**
 * The client side of IoT Hub's claims-based security node ({@code $cbs}) on one connection: one session with a sender
 * and a receiver link; put-token requests are answered on the receiver, matched by correlation id. Loop thread only.
 */
final class CbsClient {

    static final String TOKEN_TYPE = "servicebus.windows.net:sastoken";
    private static final int REPLY_CREDIT = 200;

    /** A put-token answer. */
    @FunctionalInterface
    interface Reply {
        void answered(int status, String description);
    }

    private final Session session;
    private final Sender sender;
    private final Receiver receiver;
    private final Map<String, Reply> pending = new HashMap<>();
    private final byte[][] buffer = { new byte[1024] };
    private long nextTag;

    CbsClient(org.apache.qpid.proton.engine.Connection connection) {
        session = connection.session();
        session.open();
        sender = session.sender("cbs-sender");
        Target target = new Target();
        target.setAddress("$cbs");
        sender.setTarget(target);
        Source senderSource = new Source();
        senderSource.setAddress("cbs");
        sender.setSource(senderSource);
        sender.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.setContext(this);
        sender.open();
        receiver = session.receiver("cbs-receiver");
        Source source = new Source();
        source.setAddress("$cbs");
        receiver.setSource(source);
        Target receiverTarget = new Target();
        receiverTarget.setAddress("cbs");
        receiver.setTarget(receiverTarget);
        receiver.setContext(this);
        receiver.open();
        receiver.flow(REPLY_CREDIT);
    }

    /** Sends a put-token for {@code audience}; {@code reply} runs on the loop when the hub answers. */
    String putToken(String audience, String token, Reply reply) {
        String id = UUID.randomUUID().toString();
        Message m = Message.Factory.create();
        m.setMessageId(id);
        m.setAddress("$cbs");
        m.setReplyTo("cbs");
        Map<String, Object> props = new HashMap<>();
        props.put("operation", "put-token");
        props.put("type", TOKEN_TYPE);
        props.put("name", audience);
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setBody(new AmqpValue(token));
        int n = AmqpMessageCodec.encode(m, buffer);
        pending.put(id, reply);
        sender.delivery(Long.toString(nextTag++).getBytes(StandardCharsets.US_ASCII));
        sender.send(buffer[0], 0, n);
        sender.advance();
        return id;
    }

    /** Forgets a request whose answer no longer matters (it timed out). */
    void forget(String id) {
        pending.remove(id);
    }

    /** A delivery on one of the CBS links: a reply, or the hub's settlement of a request. */
    void onDelivery(Delivery d) {
        if (d.getLink() == sender) {
            if (d.remotelySettled() || d.getRemoteState() != null) {
                d.settle();
            }
            return;
        }
        if (!d.isReadable() || d.isPartial()) {
            return;
        }
        byte[] bytes = new byte[d.pending()];
        int n = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message reply = Proton.message();
        d.disposition(Accepted.getInstance());
        d.settle();
        receiver.flow(1);
        try {
            reply.decode(bytes, 0, n);
        } catch (RuntimeException e) {
            // an answer nobody can read: its request times out and is tried again
            LoggerFactory.getLogger(CbsClient.class).warn("An undecodable CBS reply was ignored: {}", e.toString());
            return;
        }
        Object correlation = reply.getCorrelationId();
        Reply waiting = correlation == null ? null : pending.remove(correlation.toString());
        if (waiting == null) {
            return;
        }
        Map<String, Object> props = reply.getApplicationProperties() == null ? Map.of()
                : reply.getApplicationProperties().getValue();
        Object status = props.get("status-code");
        Object description = props.get("status-description");
        waiting.answered(status instanceof Number s ? s.intValue() : 500,
                description == null ? "" : description.toString());
    }

    boolean owns(Object context) {
        return context == this;
    }
}

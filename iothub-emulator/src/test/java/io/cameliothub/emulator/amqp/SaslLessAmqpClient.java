package io.cameliothub.emulator.amqp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A bare proton-j engine with no SASL layer at all: it opens with the plain AMQP protocol header, as some official device
 * SDKs do, and authenticates by CBS put-token. The caller moves bytes: {@link #input} what the wire delivered, and the
 * engine hands what it wants written to the {@code wire} consumer. Engine state is guarded by one lock.
 */
final class SaslLessAmqpClient {

    private final Object lock = new Object();
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Collector.Factory.create();
    private final Consumer<byte[]> wire;
    private final Map<String, DeliveryState> outcomes = new HashMap<>();
    private final Map<Object, Message> cbsReplies = new HashMap<>();
    private Session session;
    private Sender cbs;
    private int tags;

    SaslLessAmqpClient(String hostName, Consumer<byte[]> wire) {
        this.wire = wire;
        connection.collect(collector);
        connection.setContainer("sasl-less-" + UUID.randomUUID());
        connection.setHostname(hostName);
        transport.bind(connection);
    }

    /** Opens the connection, a session and the CBS links; returns once the hub opened the connection. */
    void open(Duration timeout) {
        synchronized (lock) {
            connection.open();
            session = connection.session();
            session.open();
            cbs = session.sender("cbs-sender");
            Target target = new Target();
            target.setAddress("$cbs");
            cbs.setTarget(target);
            cbs.open();
            Receiver replies = session.receiver("cbs-receiver");
            Source source = new Source();
            source.setAddress("$cbs");
            replies.setSource(source);
            Target replyTarget = new Target();
            replyTarget.setAddress("cbs");
            replies.setTarget(replyTarget);
            replies.open();
            replies.flow(10);
            pump();
        }
        await(() -> connection.getRemoteState() == EndpointState.ACTIVE, timeout, "the hub to open the connection");
    }

    /** CBS put-token; returns the reply's status-code. */
    int putToken(String audience, String token, Duration timeout) {
        String id = UUID.randomUUID().toString();
        Message m = Message.Factory.create();
        m.setMessageId(id);
        m.setReplyTo("cbs");
        Map<String, Object> props = new HashMap<>();
        props.put("operation", "put-token");
        props.put("type", "servicebus.windows.net:sastoken");
        props.put("name", audience);
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setBody(new AmqpValue(token));
        synchronized (lock) {
            send(cbs, m);
        }
        Message reply = await(() -> cbsReplies.get(id), timeout, "the CBS reply");
        return ((Number) reply.getApplicationProperties().getValue().get("status-code")).intValue();
    }

    /** Attaches a sender to {@code address} and waits for the hub's attach. */
    Sender sender(String address, Duration timeout) {
        Sender s;
        synchronized (lock) {
            s = session.sender("sender-" + UUID.randomUUID());
            Target target = new Target();
            target.setAddress(address);
            s.setTarget(target);
            s.open();
            pump();
        }
        await(() -> s.getRemoteState() != EndpointState.UNINITIALIZED ? s : null, timeout, "the hub's attach");
        return s;
    }

    /** Sends and waits for the hub's outcome. */
    DeliveryState sendAndWait(Sender sender, Message message, Duration timeout) {
        String tag;
        synchronized (lock) {
            tag = send(sender, message);
        }
        return await(() -> outcomes.get(tag), timeout, "the outcome of " + tag);
    }

    /** Bytes the wire delivered. */
    void input(byte[] data) {
        synchronized (lock) {
            int offset = 0;
            while (offset < data.length) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    throw new IllegalStateException("the transport takes no more input");
                }
                int n = Math.min(capacity, data.length - offset);
                transport.tail().put(data, offset, n);
                transport.process();
                offset += n;
            }
            for (Event e = collector.peek(); e != null; e = collector.peek()) {
                if (e.getType() == Event.Type.DELIVERY) {
                    onDelivery(e.getDelivery());
                }
                collector.pop();
            }
            pump();
            lock.notifyAll();
        }
    }

    private void onDelivery(Delivery d) {
        if (d.getLink() instanceof Receiver r) {
            if (d.isReadable() && !d.isPartial()) {
                byte[] buf = new byte[d.pending()];
                int n = r.recv(buf, 0, buf.length);
                r.advance();
                Message m = Message.Factory.create();
                m.decode(buf, 0, n);
                cbsReplies.put(m.getCorrelationId(), m);
                d.settle();
                r.flow(1);
            }
        } else if (d.getRemoteState() != null) {
            outcomes.put(new String(d.getTag()), d.getRemoteState());
            d.settle();
        }
    }

    private String send(Sender sender, Message m) {
        String tag = "t" + tags++;
        byte[] buf = new byte[64 * 1024];
        int n = m.encode(buf, 0, buf.length);
        sender.delivery(tag.getBytes());
        sender.send(buf, 0, n);
        sender.advance();
        pump();
        return tag;
    }

    private void pump() {
        for (int pending = transport.pending(); pending > 0; pending = transport.pending()) {
            ByteBuffer head = transport.head();
            byte[] out = new byte[pending];
            head.get(out);
            transport.pop(pending);
            wire.accept(out);
        }
    }

    private <T> T await(Supplier<T> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T value = condition.get();
                if (value instanceof Boolean b ? b : value != null) {
                    return value;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what);
                }
            }
        }
    }
}

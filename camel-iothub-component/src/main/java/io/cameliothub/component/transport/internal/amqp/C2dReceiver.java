package io.cameliothub.component.transport.internal.amqp;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.C2dDelivery;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's cloud-to-device receiver link: decodes each message, hands it on with a settler that runs on the loop,
 * and grants one credit per settled message. Loop thread only, except the settlers, which hop onto the loop.
 */
final class C2dReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(C2dReceiver.class);
    private static final int CREDIT = 100;

    private final Receiver receiver;
    private final AmqpConnection connection;
    private final String clientId;
    private CompletableFuture<Void> attached = new CompletableFuture<>();
    private volatile boolean closed;

    C2dReceiver(Session session, AmqpConnection connection, String path, String clientId,
                Map<Symbol, Object> properties, Object context) {
        this.connection = connection;
        this.clientId = clientId;
        String suffix = clientId.replace('/', '-') + "-" + UUID.randomUUID();
        receiver = session.receiver("receiver_link_telemetry-" + suffix);
        Source source = new Source();
        source.setAddress(path + "/messages/devicebound");
        receiver.setSource(source);
        Target target = new Target();
        target.setAddress("receiver-" + suffix);
        receiver.setTarget(target);
        receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.setProperties(properties);
        receiver.setContext(context);
        receiver.open();
        receiver.flow(CREDIT);
    }

    boolean owns(Object link) {
        return link == receiver;
    }

    /** Completes when the hub attached the link; fails when it refused it. */
    CompletableFuture<Void> attached() {
        return attached;
    }

    void remoteOpened() {
        if (receiver.getRemoteSource() != null) {
            attached.complete(null);
        }
    }

    void received(Delivery d, Consumer<C2dDelivery> handler) {
        connection.loop().assertInLoop();
        if (!d.isReadable() || d.isPartial()) {
            return;
        }
        byte[] bytes = new byte[d.pending()];
        int n = receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message m = Proton.message();
        try {
            m.decode(bytes, 0, n);
        } catch (RuntimeException e) {
            LOG.warn("{}: undecodable cloud-to-device message rejected: {}", clientId, e.toString());
            d.disposition(new Rejected());
            d.settle();
            receiver.flow(1);
            return;
        }
        IotHubMessage message = AmqpMessageCodec.fromAmqp(m, d.getTag());
        handler.accept(new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return message;
            }

            @Override
            public boolean stale() {
                return closed;
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                try {
                    connection.loop().execute(() -> settleOnLoop(d, outcome, done));
                } catch (RejectedExecutionException e) {
                    done.completeExceptionally(lostBeforeSettled());
                }
                return done;
            }
        });
    }

    private void settleOnLoop(Delivery d, C2dOutcome outcome, CompletableFuture<Void> done) {
        if (closed || d.isSettled()) {
            done.completeExceptionally(lostBeforeSettled());
            return;
        }
        d.disposition(switch (outcome) {
            case COMPLETE -> Accepted.getInstance();
            case ABANDON -> Released.getInstance();
            case REJECT -> new Rejected();
        });
        d.settle();
        if (receiver.getLocalState() == EndpointState.ACTIVE) {
            receiver.flow(1);
        }
        connection.flush();
        done.complete(null);
    }

    private static IotHubException lostBeforeSettled() {
        return new IotHubException("The connection was lost before the message was settled; IoT Hub delivers it again",
                null, true);
    }

    /** The link is gone or no longer wanted. */
    void close(Throwable cause) {
        closed = true;
        attached.completeExceptionally(cause);
        if (receiver.getLocalState() != EndpointState.CLOSED) {
            receiver.close();
        }
    }
}

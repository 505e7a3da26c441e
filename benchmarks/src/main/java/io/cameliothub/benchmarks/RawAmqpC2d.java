package io.cameliothub.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The AMQP C2D ceiling: a bare proton-j receiver ({@link RawAmqpEngine}) on the device-bound link, which accepts and
 * settles each message on the connection's thread right after reporting it (the same outcome the other clients give).
 */
final class RawAmqpC2d implements C2dClient, RawAmqpEngine.Handler {

    private static final int CREDIT = 100;

    private final RawAmqpEngine engine = new RawAmqpEngine(false, this);
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final byte[] buffer = new byte[64 * 1024];
    private Receiver receiver;
    private String deviceId;
    private Consumer<String> onMessageId;

    @Override
    public String name() {
        return "raw proton-j";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId, Consumer<String> onMessageId) throws Exception {
        this.deviceId = deviceId;
        this.onMessageId = onMessageId;
        engine.connect(hub, connectionString, deviceId);
        opened.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void attach(Session session) {
        String address = "/devices/" + deviceId + "/messages/devicebound";
        receiver = session.receiver("c2d-" + deviceId);
        Source source = new Source();
        source.setAddress(address);
        receiver.setSource(source);
        receiver.setTarget(new Target());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.open();
        receiver.flow(CREDIT);
    }

    @Override
    public void onEvent(Event e) {
        switch (e.getType()) {
            case LINK_REMOTE_OPEN -> {
                if (e.getLink().getRemoteSource() == null) {
                    failed(new IllegalStateException("the hub refused the device-bound link"));
                } else {
                    opened.complete(null);
                }
            }
            case DELIVERY -> receive(e.getDelivery());
            default -> {
            }
        }
    }

    private void receive(Delivery d) {
        if (d.getLink() != receiver || !d.isReadable() || d.isPartial()) {
            return;
        }
        int length = receiver.recv(buffer, 0, buffer.length);
        receiver.advance();
        Message m = Message.Factory.create();
        m.decode(buffer, 0, length);
        onMessageId.accept(String.valueOf(m.getMessageId()));
        d.disposition(Accepted.getInstance());
        d.settle();
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
    }

    @Override
    public void failed(Exception e) {
        opened.completeExceptionally(e);
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}

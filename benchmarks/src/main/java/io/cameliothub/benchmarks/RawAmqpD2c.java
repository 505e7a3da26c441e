package io.cameliothub.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The AMQP wire ceiling: a bare proton-j engine ({@link RawAmqpEngine}) with one sender link using all the credit the
 * hub grants, settling each delivery as its disposition arrives, and writing all pending frames in one socket write
 * per turn (no flush per message).
 */
final class RawAmqpD2c implements D2cClient, RawAmqpEngine.Handler {

    private final boolean webSocket;
    private final RawAmqpEngine engine;
    private Sender sender;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private CompletableFuture<Void> done;
    private byte[] payload;
    private final byte[] encoded = new byte[64 * 1024];
    private String deviceId;
    private int target;
    private int sent;
    private int accepted;
    private long tag;

    /** The most unacknowledged messages (0: as many as the link credit allows). */
    private final int window;

    RawAmqpD2c(boolean webSocket, int window) {
        this.webSocket = webSocket;
        this.window = window;
        this.engine = new RawAmqpEngine(webSocket, this);
    }

    @Override
    public String name() {
        return "raw proton-j" + (webSocket ? " over WebSocket" : "")
               + (window == 0 ? ", all link credit" : ", window " + window) + ", batched writes";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        this.deviceId = deviceId;
        engine.connect(hub, connectionString, deviceId);
        opened.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void attach(Session session) {
        sender = session.sender("events-" + deviceId);
        Target t = new Target();
        t.setAddress("/devices/" + deviceId + "/messages/events");
        sender.setTarget(t);
        sender.setSource(new Source());
        sender.open();
    }

    @Override
    public void onEvent(Event e) {
        switch (e.getType()) {
            case LINK_REMOTE_OPEN -> {
                if (e.getLink().getRemoteTarget() == null) {
                    failed(new IllegalStateException("the hub refused the events link"));
                }
            }
            case LINK_FLOW -> opened.complete(null);
            case DELIVERY -> settle(e.getDelivery());
            default -> {
            }
        }
    }

    @Override
    public void afterEvents() {
        sendMore();
    }

    private void settle(Delivery d) {
        if (d.getRemoteState() == null && !d.remotelySettled()) {
            return;
        }
        if (!(d.getRemoteState() instanceof Accepted)) {
            failed(new IllegalStateException("the hub refused a message: " + d.getRemoteState()));
        }
        d.settle();
        accepted++;
        if (done != null && accepted == target) {
            done.complete(null);
        }
    }

    private void sendMore() {
        while (sent < target && sender.getCredit() > 0 && (window == 0 || sent - accepted < window)) {
            Message m = Message.Factory.create();
            m.setBody(new Data(new Binary(payload)));
            int length = m.encode(encoded, 0, encoded.length);
            long t = ++tag;
            sender.delivery(new byte[] { (byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t });
            sender.send(encoded, 0, length);
            sender.advance();
            sent++;
        }
    }

    @Override
    public void failed(Exception e) {
        opened.completeExceptionally(e);
        if (done != null) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        engine.run(() -> {
            this.payload = payload;
            this.done = finished;
            target = count;
            sent = 0;
            accepted = 0;
        });
        finished.get(10, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}

package io.cameliothub.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * The AMQP wire ceiling: a bare proton-j engine (no vertx-proton on top) over a Vert.x TLS socket or WebSocket, SASL
 * PLAIN as {@code {deviceId}@sas.{hub}}, one sender link using all the credit the hub grants, settling each delivery
 * as its disposition arrives, and writing all pending frames in one socket write per turn (no flush per message).
 */
final class RawAmqpD2c implements D2cClient {

    private static final int WS_FRAME = 64 * 1024; // under the hub's WebSocket frame and message limits

    private final boolean webSocket;
    private Vertx vertx;
    private Context context;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private Sender sender;
    private java.util.function.Consumer<Buffer> out;
    private CompletableFuture<Void> opened = new CompletableFuture<>();
    private CompletableFuture<Void> done;
    private byte[] payload;
    private final byte[] encoded = new byte[64 * 1024];
    private int target;
    private int sent;
    private int accepted;
    private long tag;

    /** The most unacknowledged messages (0: as many as the link credit allows). */
    private final int window;

    RawAmqpD2c(boolean webSocket, int window) {
        this.webSocket = webSocket;
        this.window = window;
    }

    @Override
    public String name() {
        return "raw proton-j" + (webSocket ? " over WebSocket" : "")
               + (window == 0 ? ", all link credit" : ", window " + window) + ", batched writes";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        PemTrustOptions trust = new PemTrustOptions().addCertValue(Buffer.buffer(hub.caCertificatePem()));
        String user = deviceId + "@sas." + Hub.HOST.substring(0, Hub.HOST.indexOf('.'));
        String token = SasTokens.forDevice(connectionString);
        context.runOnContext(v -> {
            if (webSocket) {
                vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
                        .setTrustOptions(trust))
                        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(443).setSsl(true)
                                .setURI("/$iothub/websocket").addSubProtocol("AMQPWSB10"))
                        .onSuccess(ws -> start(ws, deviceId, user, token)).onFailure(opened::completeExceptionally);
            } else {
                vertx.createNetClient(new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
                        .setTrustOptions(trust))
                        .connect(5671, "127.0.0.1")
                        .onSuccess(socket -> start(socket, deviceId, user, token)).onFailure(opened::completeExceptionally);
            }
        });
        opened.get(30, TimeUnit.SECONDS);
    }

    private void start(Object socket, String deviceId, String user, String token) {
        if (socket instanceof WebSocket ws) {
            out = b -> {
                for (int from = 0; from < b.length(); from += WS_FRAME) {
                    ws.writeFinalBinaryFrame(b.slice(from, Math.min(b.length(), from + WS_FRAME)));
                }
            };
            ws.handler(this::input);
            ws.closeHandler(v -> fail(new IllegalStateException("WebSocket closed")));
        } else {
            NetSocket s = (NetSocket) socket;
            out = s::write;
            s.handler(this::input);
            s.closeHandler(v -> fail(new IllegalStateException("socket closed")));
        }
        transport.setEmitFlowEventOnSend(false);
        Sasl sasl = transport.sasl();
        sasl.setRemoteHostname(Hub.HOST);
        sasl.plain(user, token);
        transport.bind(connection);
        connection.collect(collector);
        connection.setHostname(Hub.HOST);
        connection.setContainer(deviceId);
        connection.open();
        Session session = connection.session();
        session.open();
        sender = session.sender("events-" + deviceId);
        Target t = new Target();
        t.setAddress("/devices/" + deviceId + "/messages/events");
        sender.setTarget(t);
        sender.setSource(new Source());
        sender.open();
        turn();
    }

    private void input(Buffer data) {
        int offset = 0;
        while (offset < data.length()) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                fail(new IllegalStateException("transport closed for input"));
                return;
            }
            int n = Math.min(capacity, data.length() - offset);
            transport.tail().put(data.getBytes(offset, offset + n));
            offset += n;
            transport.process();
        }
        turn();
    }

    /** Handles the engine's events, sends what the credit allows, then writes all pending output at once. */
    private void turn() {
        for (Event e = collector.peek(); e != null; e = collector.peek()) {
            switch (e.getType()) {
                case LINK_REMOTE_OPEN -> {
                    if (e.getLink().getRemoteTarget() == null) {
                        fail(new IllegalStateException("the hub refused the events link"));
                    }
                }
                case LINK_FLOW -> {
                    if (!opened.isDone()) {
                        opened.complete(null);
                    }
                }
                case DELIVERY -> settle(e.getDelivery());
                case CONNECTION_REMOTE_CLOSE, LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH, TRANSPORT_ERROR ->
                        fail(new IllegalStateException(e.getType() + ": " + condition(e)));
                default -> {
                }
            }
            collector.pop();
        }
        sendMore();
        flush();
    }

    private static Object condition(Event e) {
        return switch (e.getType()) {
            case TRANSPORT_ERROR -> e.getTransport().getCondition();
            case CONNECTION_REMOTE_CLOSE -> e.getConnection().getRemoteCondition();
            default -> e.getLink().getRemoteCondition();
        };
    }

    private void settle(Delivery d) {
        if (d.getRemoteState() == null && !d.remotelySettled()) {
            return;
        }
        if (!(d.getRemoteState() instanceof Accepted)) {
            fail(new IllegalStateException("the hub refused a message: " + d.getRemoteState()));
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

    private void flush() {
        int pending = transport.pending();
        if (pending <= 0 || out == null) {
            return;
        }
        Buffer b = Buffer.buffer(pending);
        while (pending > 0) {
            ByteBuffer head = transport.head();
            byte[] chunk = new byte[head.remaining()];
            head.get(chunk);
            b.appendBytes(chunk);
            transport.pop(chunk.length);
            pending = transport.pending();
        }
        out.accept(b);
    }

    private void fail(Exception e) {
        opened.completeExceptionally(e);
        if (done != null) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        context.runOnContext(v -> {
            this.payload = payload;
            this.done = finished;
            target = count;
            sent = 0;
            accepted = 0;
            turn();
        });
        finished.get(10, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            context.runOnContext(v -> {
                connection.close();
                flush();
            });
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}

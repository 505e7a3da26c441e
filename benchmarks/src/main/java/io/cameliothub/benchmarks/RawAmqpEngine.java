package io.cameliothub.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;

/**
 * A bare proton-j engine (no vertx-proton on top) over a Vert.x TLS socket or WebSocket, SASL PLAIN as
 * {@code {deviceId}@sas.{hub}}, one session: the raw AMQP baselines' connection. Each turn hands the engine's events
 * to the {@link Handler}, then writes all pending output in one socket write. Everything runs on one Vert.x context.
 */
final class RawAmqpEngine {

    /** What a raw client does with the engine; called on the engine's context. */
    interface Handler {

        /** Attaches the client's links to the freshly opened session. */
        void attach(Session session);

        /** One engine event (failures are handled by the engine). */
        void onEvent(Event event);

        /** After each turn's events, before the output is written. */
        default void afterEvents() {
        }

        /** The connection failed or was closed by the hub. */
        void failed(Exception e);
    }

    private static final int WS_FRAME = 64 * 1024; // under the hub's WebSocket frame and message limits

    private final boolean webSocket;
    private final Handler handler;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private Vertx vertx;
    private Context context;
    /**
     * Held for the connection's life: Vert.x closes a client, and every connection it made, once the client object is
     * garbage-collected (its Cleanable clients), so an unreferenced client loses its socket at the next GC.
     */
    private Object client;
    private Consumer<Buffer> out;
    private Sasl sasl;
    private CompletableFuture<Void> connected;

    RawAmqpEngine(boolean webSocket, Handler handler) {
        this.webSocket = webSocket;
        this.handler = handler;
    }

    /** Connects and starts the engine; the handler tells when its links are ready. */
    void connect(Hub hub, String connectionString, String deviceId) throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        PemTrustOptions trust = new PemTrustOptions().addCertValue(Buffer.buffer(hub.caCertificatePem()));
        String user = deviceId + "@sas." + Hub.HOST.substring(0, Hub.HOST.indexOf('.'));
        String token = SasTokens.forDevice(connectionString);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (webSocket) {
                WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                        .setVerifyHost(false).setTrustOptions(trust));
                client = wsClient;
                wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(443).setSsl(true)
                                .setURI("/$iothub/websocket").addSubProtocol("AMQPWSB10"))
                        .onSuccess(ws -> start(ws, deviceId, user, token, connected))
                        .onFailure(connected::completeExceptionally);
            } else {
                NetClient netClient = vertx.createNetClient(new NetClientOptions().setSsl(true)
                        .setHostnameVerificationAlgorithm("").setTrustOptions(trust));
                client = netClient;
                netClient.connect(5671, "127.0.0.1")
                        .onSuccess(socket -> start(socket, deviceId, user, token, connected))
                        .onFailure(connected::completeExceptionally);
            }
        });
        connected.get(15, TimeUnit.SECONDS); // TLS and SASL on loopback: a close or refusal fails it at once
    }

    /** Runs the task on the engine's context, then a turn. */
    void run(Runnable task) {
        context.runOnContext(v -> {
            task.run();
            turn();
        });
    }

    private void start(Object socket, String deviceId, String user, String token, CompletableFuture<Void> connected) {
        this.connected = connected;
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
        this.sasl = sasl;
        transport.bind(connection);
        connection.collect(collector);
        connection.setHostname(Hub.HOST);
        connection.setContainer(deviceId);
        turn();
    }

    /** Opens the connection once SASL succeeded, so that a refusal fails the connect with its outcome. */
    private void openAfterSasl() {
        if (connected == null || connected.isDone() || sasl.getOutcome() == Sasl.SaslOutcome.PN_SASL_NONE) {
            return;
        }
        if (sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_OK) {
            connected.completeExceptionally(new IllegalStateException("SASL refused: " + sasl.getOutcome()));
            return;
        }
        connection.open();
        Session session = connection.session();
        session.open();
        handler.attach(session);
        connected.complete(null);
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

    /** Hands the engine's events to the handler, then writes all pending output at once. */
    private void turn() {
        openAfterSasl();
        for (Event e = collector.peek(); e != null; e = collector.peek()) {
            switch (e.getType()) {
                case CONNECTION_REMOTE_CLOSE, LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH, TRANSPORT_ERROR ->
                        fail(new IllegalStateException(e.getType() + ": " + condition(e)));
                default -> handler.onEvent(e);
            }
            collector.pop();
        }
        handler.afterEvents();
        flush();
    }

    /** Fails a connect still waiting for SASL (so it ends now, with the reason), then tells the handler. */
    private void fail(Exception e) {
        if (connected != null) {
            connected.completeExceptionally(e);
        }
        handler.failed(e);
    }

    private static Object condition(Event e) {
        return switch (e.getType()) {
            case TRANSPORT_ERROR -> e.getTransport().getCondition();
            case CONNECTION_REMOTE_CLOSE -> e.getConnection().getRemoteCondition();
            default -> e.getLink().getRemoteCondition();
        };
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

    void close() throws Exception {
        if (vertx != null) {
            context.runOnContext(v -> {
                connection.close();
                flush();
            });
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}

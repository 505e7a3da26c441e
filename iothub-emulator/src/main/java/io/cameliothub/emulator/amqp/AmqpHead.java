package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.tls.ClientCertificates;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.cameliothub.emulator.ws.BridgedPeer;
import io.cameliothub.emulator.ws.LoopbackBridge;
import io.cameliothub.emulator.ws.SharedPort;
import io.cameliothub.emulator.ws.WebSocketBridge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonServer;
import io.vertx.proton.ProtonServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AMQP head: AMQP 1.0 over TLS on the AMQP port, and a plain-TCP twin on a loopback port that only the WebSocket
 * front end feeds (AMQP over WebSocket, subprotocol {@code AMQPWSB10}, on the HTTPS port). One connection carries up
 * to {@value #MAX_DEVICES} devices ({@value #MAX_DEVICES_WS} over WebSocket), as IoT Hub allows. Both ports are served
 * by one server per event loop ({@link #listen}); a connection and all its devices stay on the loop that accepted it.
 * Shared across loops: the live set, counters, put-token counts and bridged-peer map (concurrent), and the core.
 */
public final class AmqpHead {

    public static final int MAX_DEVICES = 1000;
    public static final int MAX_DEVICES_WS = 500;

    private final Vertx vertx;
    private final HubCore core;
    private final TlsMaterial tls;
    private final Set<AmqpHubConnection> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Identity, AtomicInteger> putTokens = new ConcurrentHashMap<>();
    /** Loopback client port of a bridged connection -> the WebSocket peer's address. */
    private final Map<Integer, BridgedPeer> bridged = new ConcurrentHashMap<>();
    /** One per event loop: each serves the connections Vert.x hands to its loop. */
    private final List<ProtonServer> tlsServers = new CopyOnWriteArrayList<>();
    private final List<ProtonServer> bridgeServers = new CopyOnWriteArrayList<>();

    public AmqpHead(Vertx vertx, HubCore core, TlsMaterial tls) {
        this.vertx = vertx;
        this.core = core;
        this.tls = tls;
    }

    /**
     * Listens on the AMQP port and on the loopback port of the WebSocket bridge with one more pair of servers, created
     * on the calling context: the connections Vert.x hands to them run on that context's event loop. Every call of one
     * head shares the same two ports (port 0: a free port, the same for every call).
     */
    public Future<Void> listen(String host, int port) {
        ProtonServerOptions tlsOptions = options();
        tlsOptions.setSsl(true).setKeyCertOptions(tls.keyCertOptions());
        ClientCertificates.request(tlsOptions);
        ProtonServer tlsServer = server(tlsOptions, socket -> new AmqpPeer(Protocol.AMQPS,
                String.valueOf(socket.remoteAddress()), ClientCertificates.of(socket.sslSession())), MAX_DEVICES);
        ProtonServer bridgeServer = server(options(), socket -> {
            BridgedPeer peer = bridged.get(socket.remoteAddress().port());
            return peer == null ? null : new AmqpPeer(Protocol.AMQPS_WS, peer.address(), peer.clientCertificates());
        }, MAX_DEVICES_WS);
        tlsServers.add(tlsServer);
        bridgeServers.add(bridgeServer);
        return listen(tlsServer, SharedPort.AMQP.of(port), host)
                .compose(v -> listen(bridgeServer, SharedPort.AMQP_BRIDGE.of(0), "127.0.0.1"));
    }

    /** IoT Hub closes AMQP connections idle for about 4 minutes: advertise 2 minutes, close after twice that. */
    private static ProtonServerOptions options() {
        return new ProtonServerOptions().setHeartbeat(120_000);
    }

    private ProtonServer server(ProtonServerOptions options, java.util.function.Function<NetSocket, AmqpPeer> peerOf,
                                int maxDevices) {
        ProtonServer server = ProtonServer.create(vertx, options);
        server.saslAuthenticatorFactory(() -> new AmqpSasl(core, peerOf));
        server.connectHandler(connection -> accept(connection, maxDevices));
        return server;
    }

    private void accept(ProtonConnection connection, int maxDevices) {
        AmqpPeer peer = connection.attachments().get(AmqpPeer.KEY, AmqpPeer.class);
        if (peer == null) {
            connection.disconnect();
            return;
        }
        AmqpHubConnection c = new AmqpHubConnection(core, vertx, connection, peer, maxDevices,
                id -> putTokens.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet(), live::remove);
        live.add(c);
        accepted.incrementAndGet();
        c.start();
    }

    private static Future<Void> listen(ProtonServer server, int port, String host) {
        Promise<Void> promise = Promise.promise();
        server.listen(port, host, r -> {
            if (r.succeeded()) {
                promise.complete();
            } else {
                promise.fail(r.cause());
            }
        });
        return promise.future();
    }

    /** Bridges {@code /$iothub/websocket} upgrades with subprotocol {@code AMQPWSB10} into this head. */
    public WebSocketBridge webSocketBridge() {
        return new LoopbackBridge(vertx, bridgeServers.get(0).actualPort(), bridged::put, bridged::remove);
    }

    public int port() {
        return tlsServers.get(0).actualPort();
    }

    /** AMQP connections open now (over TLS and WebSocket), however many devices each carries. */
    public int liveConnections() {
        return live.size();
    }

    /** AMQP connections accepted since start (after SASL). */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Devices on each live AMQP connection. */
    public List<Integer> devicesPerConnection() {
        return live.stream().map(c -> {
            Promise<Integer> p = Promise.promise();
            c.context().runOnContext(v -> p.complete(c.deviceCount()));
            try {
                return p.future().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                return -1;
            }
        }).toList();
    }

    /** Successful CBS put-tokens (first ones and renewals) for an identity, across connections. */
    public int putTokens(Identity identity) {
        AtomicInteger n = putTokens.get(identity);
        return n == null ? 0 : n.get();
    }

    /** Drops every AMQP connection, as a network failure would. */
    public void dropAll() {
        live.forEach(c -> c.context().runOnContext(v -> c.disconnect()));
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        tlsServers.forEach(s -> closing.add(closeServer(s)));
        bridgeServers.forEach(s -> closing.add(closeServer(s)));
        return Future.join(closing).mapEmpty();
    }

    private static Future<Void> closeServer(ProtonServer server) {
        if (server == null) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        server.close(r -> p.complete());
        return p.future();
    }
}

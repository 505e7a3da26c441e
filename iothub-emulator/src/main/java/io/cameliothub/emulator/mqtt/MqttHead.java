package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.tls.ClientCertificates;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.cameliothub.emulator.ws.BridgedPeer;
import io.cameliothub.emulator.ws.LoopbackBridge;
import io.cameliothub.emulator.ws.SharedPort;
import io.cameliothub.emulator.ws.WebSocketBridge;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The MQTT head: MQTT 3.1.1 over TLS on the MQTT port, and a plain-TCP twin on a loopback port that only the
 * WebSocket front end feeds (MQTT over WebSocket on the HTTPS port). Both ports are served by one server per event
 * loop ({@link #listen}); a connection stays on the loop that accepted it. Shared across loops: the session store and
 * the bridged-peer map (concurrent), and the core (thread-safe).
 */
public final class MqttHead {

    /** 256 KB of D2C payload plus room for the topic and its property bag; the core enforces the 256 KB itself. */
    static final int MAX_MESSAGE_SIZE = 256 * 1024 + 64 * 1024;

    private final Vertx vertx;
    private final HubCore core;
    private final TlsMaterial tls;
    private final MqttSessionStore sessions = new MqttSessionStore();
    /** Loopback client port of a bridged connection -> the WebSocket peer's address. */
    private final Map<Integer, BridgedPeer> bridged = new ConcurrentHashMap<>();
    /** One per event loop: each serves the connections Vert.x hands to its loop. */
    private final List<MqttServer> tlsServers = new CopyOnWriteArrayList<>();
    private final List<MqttServer> bridgeServers = new CopyOnWriteArrayList<>();

    public MqttHead(Vertx vertx, HubCore core, TlsMaterial tls) {
        this.vertx = vertx;
        this.core = core;
        this.tls = tls;
    }

    /**
     * Listens on the MQTT port and on the loopback port of the WebSocket bridge with one more pair of servers, created
     * on the calling context: the connections Vert.x hands to them run on that context's event loop. Every call of one
     * head shares the same two ports (port 0: a free port, the same for every call).
     */
    public Future<Void> listen(String host, int port) {
        MqttServerOptions tlsOptions = ClientCertificates.request(options().setSsl(true).setKeyCertOptions(tls.keyCertOptions()));
        MqttServer tlsServer = MqttServer.create(vertx, tlsOptions).endpointHandler(ep -> connection(ep, Protocol.MQTT,
                String.valueOf(ep.remoteAddress()), ClientCertificates.of(ep.sslSession())).start());
        MqttServer bridgeServer = MqttServer.create(vertx, options()).endpointHandler(this::bridgedEndpoint);
        tlsServers.add(tlsServer);
        bridgeServers.add(bridgeServer);
        return tlsServer.listen(SharedPort.MQTT.of(port), host)
                .compose(s -> bridgeServer.listen(SharedPort.MQTT_BRIDGE.of(0), "127.0.0.1")).mapEmpty();
    }

    /** Bridges {@code /$iothub/websocket} upgrades with subprotocol {@code mqtt} into this head. */
    public WebSocketBridge webSocketBridge() {
        return new LoopbackBridge(vertx, bridgeServers.get(0).actualPort(), bridged::put, bridged::remove);
    }

    public int port() {
        return tlsServers.get(0).actualPort();
    }

    /**
     * Test hook for malformed traffic: publishes a cloud-to-device message to the identity's live MQTT connection with
     * {@code rawPropertyBag} put into the topic exactly as given (not encoded, not queued, never redelivered).
     *
     * @return whether the identity had a live MQTT connection
     */
    public boolean sendRawC2d(Identity identity, String rawPropertyBag, byte[] body, int qos) {
        if (core.connections().connection(identity).orElse(null) instanceof MqttDeviceConnection c) {
            c.publishRaw(rawPropertyBag, body, MqttQoS.valueOf(Math.min(qos, 1)));
            return true;
        }
        return false;
    }

    private void bridgedEndpoint(MqttEndpoint ep) {
        int port = ep.remoteAddress().port();
        BridgedPeer peer = bridged.get(port);
        if (peer == null) {
            // someone dialled the internal port directly
            ep.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        connection(ep, Protocol.MQTT_WS, peer.address(), peer.clientCertificates()).start();
    }

    private MqttDeviceConnection connection(MqttEndpoint ep, Protocol protocol, String remote,
                                            List<X509Certificate> clientCertificates) {
        return new MqttDeviceConnection(core, sessions, ep, vertx, protocol, remote, clientCertificates);
    }

    private static MqttServerOptions options() {
        return new MqttServerOptions()
                .setMaxMessageSize(MAX_MESSAGE_SIZE)
                .setMaxClientIdLength(512)
                .setAutoClientId(false)
                .setTimeoutOnConnect(30);
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        tlsServers.forEach(s -> closing.add(s.close()));
        bridgeServers.forEach(s -> closing.add(s.close()));
        return Future.join(closing).mapEmpty();
    }
}

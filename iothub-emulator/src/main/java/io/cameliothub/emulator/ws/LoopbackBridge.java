package io.cameliothub.emulator.ws;

import io.cameliothub.emulator.tls.ClientCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipes a WebSocket's binary stream to a plain-TCP protocol server on loopback (both directions, with back-pressure).
 * Before any byte flows it reports the loopback client port, the WebSocket peer's address and the client certificate
 * it presented, so the protocol server can tell which transport and peer a connection really comes from.
 */
public final class LoopbackBridge implements WebSocketBridge {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackBridge.class);

    private final NetClient client;
    private final int targetPort;
    private final BiConsumer<Integer, BridgedPeer> onConnected;
    private final Consumer<Integer> onClosed;

    /**
     * @param onConnected told (loopback client port, WebSocket peer) before the first byte flows
     * @param onClosed    told the loopback client port when the bridged connection ends
     */
    public LoopbackBridge(Vertx vertx, int targetPort, BiConsumer<Integer, BridgedPeer> onConnected,
                          Consumer<Integer> onClosed) {
        this.client = vertx.createNetClient();
        this.targetPort = targetPort;
        this.onConnected = onConnected;
        this.onClosed = onClosed;
    }

    @Override
    public void bridge(ServerWebSocket ws) {
        // early frames would be lost before the pipes are in place
        ws.pause();
        String peer = String.valueOf(ws.remoteAddress());
        BridgedPeer bridged = new BridgedPeer(peer, ClientCertificates.of(ws.sslSession()));
        client.connect(targetPort, "127.0.0.1").onSuccess((NetSocket so) -> {
            if (ws.isClosed()) {
                // the client went away while the loopback leg was connecting: nothing to bridge
                LOG.debug("WebSocket from {} closed before its bridge was up", peer);
                so.close();
                return;
            }
            int port = so.localAddress().port();
            onConnected.accept(port, bridged);
            so.closeHandler(v -> onClosed.accept(port));
            ws.pipeTo(so);
            so.pipeTo(ws);
            ws.resume();
        }).onFailure(e -> {
            LOG.warn("cannot bridge WebSocket from {} to loopback port {}: {}", peer, targetPort, e.toString());
            ws.close();
        });
    }
}

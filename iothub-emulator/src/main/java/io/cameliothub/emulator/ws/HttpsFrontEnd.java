package io.cameliothub.emulator.ws;

import io.cameliothub.emulator.tls.ClientCertificates;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTPS port (443). Upgrades {@code /$iothub/websocket} to the protocol named by the WebSocket subprotocol
 * ({@code mqtt} in any listed case, {@code AMQPWSB10}) and echoes that subprotocol; hands every other request to the
 * request handler (the device REST API, once a head registers one). Routing uses the request path only, so query
 * strings and absolute-form request targets work. One server per event loop ({@link #listen}); the bridge and handler
 * tables and the timeouts are shared across loops (concurrent), each connection's state stays on its loop.
 */
public final class HttpsFrontEnd {

    public static final String WEBSOCKET_PATH = "/$iothub/websocket";

    /** Netty echoes only exact matches, so common spellings are listed. */
    static final List<String> SUBPROTOCOLS = List.of("mqtt", "MQTT", "Mqtt", "AMQPWSB10", "amqpwsb10");

    /** Big enough for a 256 KB message plus framing in one WebSocket frame. */
    static final int MAX_FRAME = 320 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpsFrontEnd.class);

    private final Vertx vertx;
    private final TlsMaterial tls;
    private final Map<String, WebSocketBridge> bridges = new ConcurrentHashMap<>();
    private volatile Handler<HttpServerRequest> requestHandler = HttpsFrontEnd::notFound;
    private final HttpsTimeouts timeouts;
    /** One per event loop: each serves the connections Vert.x hands to its loop. */
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    public HttpsFrontEnd(Vertx vertx, TlsMaterial tls) {
        this.vertx = vertx;
        this.tls = tls;
        this.timeouts = new HttpsTimeouts(vertx);
    }

    /** Header, request and idle deadlines of plain HTTPS connections (see {@link HttpsTimeouts}); applies to new ones. */
    public HttpsFrontEnd timeouts(HttpsTimeouts.Limits limits) {
        timeouts.limits(limits);
        return this;
    }

    public HttpsTimeouts.Limits timeouts() {
        return timeouts.limits();
    }

    /** Routes WebSocket upgrades offering {@code subprotocol} (case-insensitive) to {@code bridge}. */
    public HttpsFrontEnd webSocketBridge(String subprotocol, WebSocketBridge bridge) {
        bridges.put(subprotocol.toLowerCase(Locale.ROOT), bridge);
        return this;
    }

    /** Handles plain HTTPS requests (not upgrades). */
    public HttpsFrontEnd requestHandler(Handler<HttpServerRequest> handler) {
        this.requestHandler = handler;
        return this;
    }

    /**
     * Listens on the HTTPS port with one more server, created on the calling context: the connections Vert.x hands to
     * it run on that context's event loop. Every call shares the same port (port 0: a free port, the same for all).
     */
    public Future<HttpServer> listen(String host, int port) {
        HttpServerOptions options = ClientCertificates.request(new HttpServerOptions())
                .setSsl(true)
                .setKeyCertOptions(tls.keyCertOptions())
                .setWebSocketSubProtocols(SUBPROTOCOLS)
                .setMaxWebSocketFrameSize(MAX_FRAME)
                .setMaxWebSocketMessageSize(MAX_FRAME)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        HttpServer server = vertx.createHttpServer(options)
                .webSocketHandshakeHandler(this::onHandshake)
                .webSocketHandler(ws -> {
                    WebSocketBridge bridge = ws.subProtocol() == null ? null
                            : bridges.get(ws.subProtocol().toLowerCase(Locale.ROOT));
                    if (bridge == null) {
                        ws.close();
                    } else {
                        bridge.bridge(ws);
                    }
                })
                .connectionHandler(timeouts::connected)
                .requestHandler(req -> {
                    timeouts.requestArrived(req);
                    requestHandler.handle(req);
                });
        servers.add(server);
        return server.listen(SharedPort.HTTPS.of(port), host);
    }

    private void onHandshake(ServerWebSocketHandshake hs) {
        timeouts.upgrading(hs.remoteAddress());
        if (!WEBSOCKET_PATH.equalsIgnoreCase(hs.path())) {
            timeouts.refused(hs.remoteAddress());
            hs.reject(404);
            return;
        }
        String offered = hs.headers().get("Sec-WebSocket-Protocol");
        if (offered != null) {
            for (String p : offered.split(",")) {
                String name = p.trim();
                if (bridges.containsKey(name.toLowerCase(Locale.ROOT)) && SUBPROTOCOLS.contains(name)) {
                    hs.accept();
                    return;
                }
            }
        }
        LOG.info("refusing WebSocket upgrade with subprotocol '{}'", offered);
        timeouts.refused(hs.remoteAddress());
        hs.reject(400);
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public Future<Void> close() {
        return Future.join(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }

    private static void notFound(HttpServerRequest req) {
        req.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end("{\"Message\":\"ErrorCode:NotFound;" + req.method() + " " + req.path()
                        + " is not served by this emulator\",\"ExceptionMessage\":\"\"}");
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.proxy.ProxiedHttpClients;
import io.cameliothub.component.transport.internal.proxy.ProxyException;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;

/**
 * AMQP over a JDK WebSocket (subprotocol {@code AMQPWSB10}); TLS, SNI and host name verification are the HTTP client's.
 * The client's callbacks hand bytes over to the event loop; output goes out one binary frame at a time (the JDK allows
 * one outstanding send), in chunks no bigger than {@value #MAX_FRAME} bytes. Output written while a frame is on its
 * way joins the last queued chunk, so a burst of small writes leaves as a few full frames (and TLS records), not one
 * each.
 */
final class WebSocketWire implements AmqpWire {

    static final String SUBPROTOCOL = "AMQPWSB10";
    static final int MAX_FRAME = 16 * 1024;

    private final AmqpEventLoop loop;
    private final HttpClient client;
    private final URI uri;
    private final Duration connectTimeout;
    private final Deque<ByteBuffer> output = new ArrayDeque<>();
    private final ProxySettings proxy;
    private WebSocket webSocket;
    private Listener listener;
    private boolean sending;
    private boolean closed;

    WebSocketWire(AmqpEventLoop loop, HttpClient client, URI uri, Duration connectTimeout, ProxySettings proxy) {
        this.loop = loop;
        this.client = client;
        this.uri = uri;
        this.connectTimeout = connectTimeout;
        this.proxy = proxy;
    }

    @Override
    public void open(Listener listener) {
        this.listener = listener;
        WebSocket.Builder builder = client.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(connectTimeout);
        String proxyAuthorization = ProxiedHttpClients.proxyAuthorization(proxy);
        if (proxyAuthorization != null) {
            builder.header("Proxy-Authorization", proxyAuthorization);
        }
        builder.buildAsync(uri, new Callbacks())
                .whenComplete((ws, error) -> onLoop(() -> {
                    ProxyException refusal = error == null ? null : ProxiedHttpClients.tunnelRefusal(error, proxy);
                    if (refusal != null && !closed) {
                        close();
                        // refused credentials cannot be fixed by retrying: the devices fail as on a hub refusal
                        listener.closed(refusal.isAuthentication()
                                ? new IotHubException(refusal.getMessage(), "407", false, refusal) : refusal);
                    } else if (error != null) {
                        fail(new IOException("WebSocket upgrade at " + uri + " failed: " + Errors.rootMessage(error),
                                error));
                    } else if (closed) {
                        ws.abort();
                    } else if (!SUBPROTOCOL.equalsIgnoreCase(ws.getSubprotocol())) {
                        ws.abort();
                        fail(new IOException("The server at " + uri + " did not accept subprotocol " + SUBPROTOCOL));
                    } else {
                        webSocket = ws;
                        listener.opened();
                    }
                }));
    }

    /** Queued chunks are in write mode (position = bytes filled) until they are sent. */
    @Override
    public boolean write(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            ByteBuffer last = output.peekLast();
            if (last == null || !last.hasRemaining()) {
                last = ByteBuffer.allocate(MAX_FRAME);
                output.add(last);
            }
            int n = Math.min(last.remaining(), bytes.remaining());
            ByteBuffer part = bytes.duplicate();
            part.limit(part.position() + n);
            last.put(part);
            bytes.position(bytes.position() + n);
        }
        sendNext();
        return true;
    }

    private void sendNext() {
        if (sending || closed || webSocket == null || output.isEmpty()) {
            return;
        }
        sending = true;
        ByteBuffer frame = output.poll().flip();
        webSocket.sendBinary(frame, true).whenComplete((ws, error) -> onLoop(() -> {
            sending = false;
            if (error != null) {
                fail(new IOException("WebSocket send failed: " + Errors.rootMessage(error), error));
            } else {
                sendNext();
            }
        }));
    }

    private void fail(IOException cause) {
        if (closed) {
            return;
        }
        close();
        listener.closed(cause);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        output.clear();
        if (webSocket != null) {
            webSocket.abort();
        }
    }

    /** Hands an HTTP client callback to the loop; after the connection closed there is nothing left to tell. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the connection is gone
        }
    }

    private final class Callbacks implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            onLoop(() -> {
                if (!closed) {
                    listener.received(copy);
                }
            });
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onLoop(() -> fail(new IOException("The hub closed the WebSocket (" + statusCode
                    + (reason == null || reason.isBlank() ? "" : " " + Errors.printable(reason)) + ")")));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onLoop(() -> fail(new IOException("WebSocket failed: " + Errors.rootMessage(error), error)));
        }
    }
}

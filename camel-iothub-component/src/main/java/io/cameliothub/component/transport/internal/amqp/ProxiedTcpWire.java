package io.cameliothub.component.transport.internal.amqp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.proxy.ProxyException;
import io.cameliothub.component.transport.internal.proxy.ProxyHandshake;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;

/**
 * A TCP wire to the hub through a proxy: a {@link TcpWire} to the proxy that runs the proxy handshake (HTTP CONNECT or
 * SOCKS5) on the event loop, without blocking, and only then tells the connection it is open; from there on the bytes
 * pass straight through.
 */
final class ProxiedTcpWire implements AmqpWire, AmqpWire.Listener {

    private final TcpWire tcp;
    private final ProxySettings proxy;
    private final ProxyHandshake handshake;
    private final String target;
    private Listener listener;
    private ByteBuffer unsent;

    ProxiedTcpWire(AmqpEventLoop loop, Executor io, ProxySettings proxy, String host, int port) {
        this.tcp = new TcpWire(loop, io, proxy.host(), proxy.port());
        this.proxy = proxy;
        this.handshake = new ProxyHandshake(proxy, host, port);
        this.target = host + ":" + port;
    }

    /** A plain TCP wire, or one through the proxy when there is one. */
    static AmqpWire to(AmqpEventLoop loop, Executor io, ProxySettings proxy, String host, int port) {
        return proxy == null ? new TcpWire(loop, io, host, port) : new ProxiedTcpWire(loop, io, proxy, host, port);
    }

    @Override
    public void open(Listener listener) {
        this.listener = listener;
        tcp.open(this);
    }

    @Override
    public boolean write(ByteBuffer bytes) {
        return tcp.write(bytes);
    }

    @Override
    public void close() {
        tcp.close();
    }

    // ---- from the TCP wire ----

    @Override
    public void opened() {
        writeAll(handshake.start());
    }

    @Override
    public void received(ByteBuffer bytes) {
        if (handshake.isDone()) {
            listener.received(bytes);
            return;
        }
        try {
            ByteBuffer reply = handshake.received(bytes);
            if (reply != null) {
                writeAll(reply);
            }
        } catch (ProxyException e) {
            tcp.close();
            // refused credentials cannot be fixed by retrying: the devices fail as on a hub refusal
            listener.closed(e.isAuthentication() ? new IotHubException(e.getMessage(), "407", false, e) : e);
            return;
        }
        if (handshake.isDone()) {
            listener.opened();
            if (bytes.hasRemaining()) {
                listener.received(bytes);
            }
        }
    }

    @Override
    public void writable() {
        if (unsent != null) {
            if (tcp.write(unsent)) {
                unsent = null;
            }
            return;
        }
        if (handshake.isDone()) {
            listener.writable();
        }
    }

    @Override
    public void closed(Throwable cause) {
        // name the proxy: the tunnel may end at the proxy as well as at the hub
        listener.closed(new IOException((handshake.isDone() ? "Tunnel to " + target + " through the " + proxy.describe()
                + " ended: " : "Tunnel through the " + proxy.describe() + " failed: ") + cause.getMessage(), cause));
    }

    private void writeAll(ByteBuffer bytes) {
        if (!tcp.write(bytes)) {
            unsent = bytes; // the rest goes when the TCP wire says it is writable
        }
    }
}

package io.cameliothub.component.transport.internal.amqp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A non-blocking TCP socket on the connection's event loop. TLS is proton-j's own layer above it, so the bytes here
 * are already encrypted.
 */
final class TcpWire implements AmqpWire, AmqpEventLoop.IoHandler {

    private final AmqpEventLoop loop;
    private final Executor resolver;
    private final String host;
    private final int port;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private SocketChannel channel;
    private SelectionKey key;
    private Listener listener;
    private boolean closed;

    /** @param resolver where the host name is resolved: DNS may block, the loop must not */
    TcpWire(AmqpEventLoop loop, Executor resolver, String host, int port) {
        this.loop = loop;
        this.resolver = resolver;
        this.host = host;
        this.port = port;
    }

    @Override
    public void open(Listener listener) {
        this.listener = listener;
        resolver.execute(() -> {
            InetSocketAddress address = new InetSocketAddress(host, port);
            try {
                loop.execute(() -> connect(address));
            } catch (RejectedExecutionException e) {
                // the connection closed meanwhile
            }
        });
    }

    private void connect(InetSocketAddress address) {
        if (closed) {
            return;
        }
        if (address.isUnresolved()) {
            fail(new IOException("Cannot resolve " + host));
            return;
        }
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            boolean connected = channel.connect(address);
            key = loop.register(channel, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
            if (connected) {
                listener.opened();
            }
        } catch (IOException | RuntimeException e) {
            fail(new IOException("Cannot connect to " + host + ":" + port + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void ready(SelectionKey k) {
        try {
            if (k.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                listener.opened();
                return;
            }
            if (k.isValid() && k.isWritable()) {
                key.interestOps(SelectionKey.OP_READ);
                listener.writable();
            }
            if (k.isValid() && k.isReadable()) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                if (n < 0) {
                    fail(new IOException(host + ":" + port + " closed the connection"));
                    return;
                }
                readBuffer.flip();
                listener.received(readBuffer);
            }
        } catch (IOException e) {
            fail(new IOException("Connection to " + host + ":" + port + " failed: " + e.getMessage(), e));
        }
    }

    @Override
    public boolean write(ByteBuffer bytes) {
        if (closed) {
            return false;
        }
        try {
            channel.write(bytes);
            if (bytes.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return false;
            }
            return true;
        } catch (IOException e) {
            fail(new IOException("Writing to " + host + ":" + port + " failed: " + e.getMessage(), e));
            return false;
        }
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
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}

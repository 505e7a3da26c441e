package io.cameliothub.component.transport.internal.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * Opens a TCP connection to a target through a proxy ({@link ProxyHandshake}: HTTP CONNECT or SOCKS5), blocking: for
 * clients that connect on a thread of their own (Paho's connect thread), never an event loop. The target's host name
 * goes to the proxy unresolved.
 */
public final class ProxyTunnel {

    private ProxyTunnel() {
    }

    /** A socket connected to {@code targetHost:targetPort} through the proxy, ready for TLS. */
    public static Socket open(ProxySettings proxy, String targetHost, int targetPort, int timeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw new ProxyException("Cannot reach the " + proxy.describe() + ": " + e.getMessage(), false);
        }
        int previousTimeout = socket.getSoTimeout();
        try {
            socket.setSoTimeout(timeoutMillis);
            handshake(socket, new ProxyHandshake(proxy, targetHost, targetPort), proxy);
            socket.setSoTimeout(previousTimeout);
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ProxyException("The " + proxy.describe() + " did not answer within " + timeoutMillis + " ms", false);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e instanceof ProxyException p ? p
                    : new ProxyException("Tunnel through the " + proxy.describe() + " failed: " + e.getMessage(), false);
        }
    }

    private static void handshake(Socket socket, ProxyHandshake handshake, ProxySettings proxy) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        write(out, handshake.start());
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!handshake.isDone()) {
            // byte by byte: nothing of the tunnelled stream may be consumed
            int b = in.read();
            if (b < 0) {
                throw new ProxyException("The " + proxy.describe() + " closed the connection during the handshake",
                        false);
            }
            one.clear();
            one.put((byte) b).flip();
            ByteBuffer reply = handshake.received(one);
            if (reply != null) {
                write(out, reply);
            }
        }
    }

    private static void write(OutputStream out, ByteBuffer bytes) throws IOException {
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
    }
}

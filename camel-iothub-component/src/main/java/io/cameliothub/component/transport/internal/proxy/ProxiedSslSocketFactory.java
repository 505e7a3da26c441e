package io.cameliothub.component.transport.internal.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An {@link SSLSocketFactory} whose sockets reach their target through a proxy: the TCP connection is tunnelled
 * (HTTP CONNECT or SOCKS5) and TLS runs inside the tunnel, end to end with the hub. Made for clients that create an
 * unconnected socket and then connect it (Paho's {@code ssl://} and {@code wss://}).
 */
public final class ProxiedSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory tls;
    private final ProxySettings proxy;

    public ProxiedSslSocketFactory(SSLSocketFactory tls, ProxySettings proxy) {
        this.tls = tls;
        this.proxy = proxy;
    }

    @Override
    public Socket createSocket() {
        return new ProxiedSslSocket(tls, proxy);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(ProxyTunnel.open(proxy, host, port, 0), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostName(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostName(), port);
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(s, host, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** For tests and logs. */
    ProxySettings proxy() {
        return proxy;
    }

    static SSLSocket layer(SSLSocketFactory tls, Socket tunnel, String host, int port) throws IOException {
        return (SSLSocket) tls.createSocket(tunnel, host, port, true);
    }
}

package io.cameliothub.component.transport.internal.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.function.BiFunction;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An unconnected TLS socket whose {@link #connect(SocketAddress, int)} opens a proxy tunnel to the address and layers
 * TLS over it; from then on every call goes to that TLS socket. Settings made before connecting (timeouts) are applied
 * once connected.
 */
final class ProxiedSslSocket extends SSLSocket {

    private final SSLSocketFactory tls;
    private final ProxySettings proxy;
    private SSLSocket delegate;
    private int soTimeout;
    private boolean closed;

    ProxiedSslSocket(SSLSocketFactory tls, ProxySettings proxy) {
        this.tls = tls;
        this.proxy = proxy;
    }

    @Override
    public synchronized void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress target)) {
            throw new SocketException("unsupported address " + endpoint);
        }
        if (closed) {
            throw new SocketException("Socket is closed");
        }
        java.net.Socket tunnel = ProxyTunnel.open(proxy, target.getHostString(), target.getPort(), timeout);
        delegate = ProxiedSslSocketFactory.layer(tls, tunnel, target.getHostString(), target.getPort());
        delegate.setSoTimeout(soTimeout);
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        connect(endpoint, 0);
    }

    private SSLSocket d() throws SocketException {
        if (delegate == null) {
            throw new SocketException("Socket is not connected");
        }
        return delegate;
    }

    private SSLSocket unchecked() {
        if (delegate == null) {
            throw new IllegalStateException("Socket is not connected");
        }
        return delegate;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return d().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return d().getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (delegate != null) {
            delegate.close();
        }
    }

    @Override
    public boolean isConnected() {
        return delegate != null && delegate.isConnected();
    }

    @Override
    public boolean isClosed() {
        return closed || (delegate != null && delegate.isClosed());
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        soTimeout = timeout;
        if (delegate != null) {
            delegate.setSoTimeout(timeout);
        }
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return delegate != null ? delegate.getSoTimeout() : soTimeout;
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        d().setTcpNoDelay(on);
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        d().setKeepAlive(on);
    }

    @Override
    public void shutdownInput() throws IOException {
        d().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        d().shutdownOutput();
    }

    @Override
    public InetAddress getInetAddress() {
        return delegate == null ? null : delegate.getInetAddress();
    }

    @Override
    public int getPort() {
        return delegate == null ? 0 : delegate.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return delegate == null ? null : delegate.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return delegate == null ? null : delegate.getLocalSocketAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate == null ? -1 : delegate.getLocalPort();
    }

    // ---- SSLSocket ----

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return unchecked().getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        unchecked().setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return unchecked().getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return unchecked().getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        unchecked().setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return unchecked().getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return unchecked().getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        unchecked().addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        unchecked().removeHandshakeCompletedListener(listener);
    }

    @Override
    public void startHandshake() throws IOException {
        d().startHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        unchecked().setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return unchecked().getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        unchecked().setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return unchecked().getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        unchecked().setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return unchecked().getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        unchecked().setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return unchecked().getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return unchecked().getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        unchecked().setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return unchecked().getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return unchecked().getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, java.util.List<String>, String> selector) {
        unchecked().setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public String toString() {
        return "ProxiedSslSocket[" + proxy.describe() + (delegate == null ? ", unconnected" : ", " + delegate) + "]";
    }
}

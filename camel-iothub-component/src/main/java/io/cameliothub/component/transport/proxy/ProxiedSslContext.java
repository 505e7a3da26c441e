package io.cameliothub.component.transport.proxy;

import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context whose socket factory tunnels through a proxy ({@link ProxiedSslSocketFactory}); everything else is
 * the wrapped context's. Lets a wire that takes its sockets from {@code sslContext.getSocketFactory()} (MQTT over Paho)
 * use a proxy without knowing about it.
 */
public final class ProxiedSslContext extends SSLContext {

    public ProxiedSslContext(SSLContext tls, ProxySettings proxy) {
        super(new Spi(tls, proxy), tls.getProvider(), tls.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext tls;
        private final ProxySettings proxy;

        Spi(SSLContext tls, ProxySettings proxy) {
            this.tls = tls;
            this.proxy = proxy;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new ProxiedSslSocketFactory(tls.getSocketFactory(), proxy);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return tls.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return tls.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return tls.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return tls.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return tls.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return tls.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return tls.getSupportedSSLParameters();
        }
    }
}

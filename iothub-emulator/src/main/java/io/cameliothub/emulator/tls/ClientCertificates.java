package io.cameliothub.emulator.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.TrustOptions;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The hub's TLS servers ask for (never require) a client certificate and accept whatever chain comes: whether it
 * authenticates a device is decided by the hub core, per identity, once the device says who it is (as IoT Hub does:
 * the handshake succeeds and the refusal comes at the protocol level with a 401).
 */
public final class ClientCertificates {

    private static final X509ExtendedTrustManager ACCEPT_ANY = new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            // no CA names in the CertificateRequest, so a client offers the key it has whoever issued it
            return new X509Certificate[0];
        }
    };

    private ClientCertificates() {
    }

    /** Makes a TLS server request a client certificate and accept any chain for the core to judge. */
    public static <T extends NetServerOptions> T request(T options) {
        options.setClientAuth(ClientAuth.REQUEST);
        options.setTrustOptions(TrustOptions.wrap(ACCEPT_ANY));
        return options;
    }

    /** The chain a TLS client presented (leaf first), or an empty list. */
    public static List<X509Certificate> of(SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            return x509(List.of(session.getPeerCertificates()));
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    static List<X509Certificate> x509(List<Certificate> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : certificates) {
            if (c instanceof X509Certificate x) {
                chain.add(x);
            }
        }
        return List.copyOf(chain);
    }
}

package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.Protocol;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the hub knows about an AMQP connection before it opens: its transport, its peer, the client certificate chain
 * of its TLS handshake (empty without one) and a SASL PLAIN identity.
 */
final class AmqpPeer {

    static final String KEY = "iothub-peer";

    private final Protocol protocol;
    private final String remoteAddress;
    private final List<X509Certificate> clientCertificates;
    private AuthResult plainAuth;
    private io.cameliothub.emulator.core.ServiceAuth servicePlainAuth;

    AmqpPeer(Protocol protocol, String remoteAddress, List<X509Certificate> clientCertificates) {
        this.protocol = protocol;
        this.remoteAddress = remoteAddress;
        this.clientCertificates = List.copyOf(clientCertificates);
    }

    List<X509Certificate> clientCertificates() {
        return clientCertificates;
    }

    Protocol protocol() {
        return protocol;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    /** The identity SASL PLAIN authenticated, or null (CBS). */
    AuthResult plainAuth() {
        return plainAuth;
    }

    void plainAuth(AuthResult auth) {
        this.plainAuth = auth;
    }

    /** The policy SASL PLAIN {@code {policy}@sas.root.{hub}} authenticated, or null. */
    io.cameliothub.emulator.core.ServiceAuth servicePlainAuth() {
        return servicePlainAuth;
    }

    void servicePlainAuth(io.cameliothub.emulator.core.ServiceAuth auth) {
        this.servicePlainAuth = auth;
    }
}

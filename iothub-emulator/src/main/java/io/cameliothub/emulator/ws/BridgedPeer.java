package io.cameliothub.emulator.ws;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a protocol head behind the WebSocket front end must know of the real client: its address and the certificate
 * chain it presented in the TLS handshake that the front end terminated (empty without one).
 */
public record BridgedPeer(String address, List<X509Certificate> clientCertificates) {

    public BridgedPeer {
        clientCertificates = List.copyOf(clientCertificates);
    }
}

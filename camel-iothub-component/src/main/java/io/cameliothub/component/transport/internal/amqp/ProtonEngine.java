package io.cameliothub.component.transport.internal.amqp;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.transport.internal.TransportSettings;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SslDomain;
import org.apache.qpid.proton.engine.Transport;

/**
 * How a proton-j transport is set up for IoT Hub and fed with bytes: frame sizes, idle timeout, SASL ANONYMOUS (not
 * for X.509 devices, whose certificate is the identity), and proton-j's TLS over a plain socket (not over a
 * WebSocket, whose TLS is the HTTP client's).
 */
final class ProtonEngine {

    private ProtonEngine() {
    }

    static Transport transport(TransportSettings settings, SSLContext sslContext, int maxFrame) {
        Transport transport = Proton.transport();
        transport.setMaxFrameSize(maxFrame);
        transport.setOutboundFrameSizeLimit(maxFrame);
        transport.setEmitFlowEventOnSend(false);
        if (!settings.keepAlive().isZero()) {
            transport.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, settings.keepAlive().toMillis()));
        }
        if (!settings.isX509()) {
            Sasl sasl = transport.sasl();
            sasl.client();
            sasl.setMechanisms("ANONYMOUS");
            sasl.setRemoteHostname(settings.hostName());
        }
        if (!settings.protocol().isWebSocket()) {
            SslDomain domain = Proton.sslDomain();
            domain.init(SslDomain.Mode.CLIENT);
            domain.setSslContext(sslContext);
            domain.setPeerAuthentication(SslDomain.VerifyMode.VERIFY_PEER_NAME);
            transport.ssl(domain, Proton.sslPeerDetails(settings.connectHost(), settings.port()));
        }
        return transport;
    }

    /** Hands the bytes to the engine as its input capacity allows; processes each chunk. */
    static void feed(Transport transport, ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            if (transport.capacity() < 0) {
                break;
            }
            ByteBuffer tail = transport.tail();
            int n = Math.min(tail.remaining(), bytes.remaining());
            ByteBuffer slice = bytes.duplicate();
            slice.limit(slice.position() + n);
            tail.put(slice);
            bytes.position(bytes.position() + n);
            transport.process();
        }
        if (transport.capacity() < 0) {
            // TLS close_notify ends the input without an event (PROTON-2823)
            transport.close_tail();
        }
    }
}

package io.cameliothub.component.transport.internal.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The socket factory of one MQTT connection: its TLS sockets write through a {@link CoalescingOutputStream} fed by the
 * connection's {@link PublishBacklog}; for {@code ssl://} only (over {@code wss://} it saved nothing measurable:
 * docs/benchmarks.md). Paho creates an unconnected socket and connects it; the other forms are wrapped too.
 */
final class CoalescingSslSocketFactory extends SSLSocketFactory {

    /**
     * The longest a flush is held back when the PUBLISH it waits for does not come soon (its writer descheduled, or
     * Paho keeping it back at its own in-flight limit). At 1 ms, on a loaded machine, the timer's hand-overs to the
     * completions pool cost about what coalescing saved (docs/benchmarks.md); a lone message is never held.
     */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final SSLSocketFactory tls;
    private final PublishBacklog backlog;
    private final ScheduledExecutorService scheduler;
    private final Executor flusher;

    CoalescingSslSocketFactory(SSLSocketFactory tls, PublishBacklog backlog, ScheduledExecutorService scheduler,
                               Executor flusher) {
        this.tls = tls;
        this.backlog = backlog;
        this.scheduler = scheduler;
        this.flusher = flusher;
    }

    private Socket wrap(Socket socket) {
        return new CoalescingSslSocket((SSLSocket) socket, this::coalescing);
    }

    private OutputStream coalescing(OutputStream socket) {
        return new CoalescingOutputStream(socket, new OutboundScanner(), backlog, scheduler, flusher,
                HOLD_NANOS);
    }

    @Override
    public Socket createSocket() throws IOException {
        return wrap(tls.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return wrap(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return wrap(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return wrap(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return wrap(tls.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return wrap(tls.createSocket(s, host, port, autoClose));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}

package io.cameliothub.component.transport.internal;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;

/**
 * What the component lends its device sessions.
 *
 * @param scheduler   timers only (reconnects, token renewal, send-timeout sweeps, keep-alive pings): nothing that runs
 *                    route code or blocks may be scheduled on it
 * @param completions where acknowledgements complete exchanges and cloud-to-device messages start routes: never an
 *                    I/O thread nor the scheduler
 * @param io          long-lived I/O threads (one per AMQP connection's event loop) and blocking look-ups (DNS)
 * @param clock       the clock tokens are minted against
 * @param sslContext  the TLS context of the device's connection
 * @param httpClients the HTTP clients shared per TLS context (HTTPS and AMQP over WebSocket)
 */
public record TransportResources(ScheduledExecutorService scheduler, Executor completions, Executor io, Clock clock,
                                 SSLContext sslContext, HttpClients httpClients) {
}

package io.cameliothub.component.transport;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;

/**
 * What the component lends its transports: one scheduler for timers (reconnects, token renewal, send timeouts, MQTT
 * keep-alive pings) shared by every connection, the clock, and the TLS context.
 */
public record TransportResources(ScheduledExecutorService scheduler, Clock clock, SSLContext sslContext) {
}

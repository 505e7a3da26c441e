package io.cameliothub.component.transport.internal.mqtt;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.internal.TransportProtocol;
import io.cameliothub.component.transport.internal.TransportSettings;
import io.cameliothub.component.transport.internal.proxy.ProxiedSslSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Builds Paho clients and CONNECT options exactly as IoT Hub expects them from a device.
 */
final class MqttConnector {

    static final String API_VERSION = "2021-04-12";

    private final TransportSettings settings;
    private final SSLContext sslContext;
    private final ScheduledExecutorService scheduler;
    private final Executor completions;
    private final int maxInFlight;

    MqttConnector(TransportSettings settings, SSLContext sslContext, ScheduledExecutorService scheduler,
                  Executor completions, int maxInFlight) {
        this.settings = settings;
        this.sslContext = sslContext;
        this.scheduler = scheduler;
        this.completions = completions;
        this.maxInFlight = maxInFlight;
    }

    String serverUri() {
        if (settings.protocol() == TransportProtocol.MQTT_WS) {
            boolean sas = !settings.isX509();
            return "wss://" + settings.connectHost() + ":" + settings.port() + "/$iothub/websocket"
                   + (sas ? "?iothub-no-client-cert=true" : "");
        }
        return "ssl://" + settings.connectHost() + ":" + settings.port();
    }

    /** A new client for one connection; keep-alive pings run on the shared scheduler rather than a timer thread. */
    MqttAsyncClient newClient() throws MqttException {
        return new MqttAsyncClient(serverUri(), settings.clientId(), new MemoryPersistence(),
                new StoppingAwarePingSender(scheduler), null);
    }

    String userName() {
        return settings.hostName() + "/" + settings.clientId() + "/?api-version=" + API_VERSION + "&DeviceClientType="
               + MqttPropertyBag.encode(settings.clientType());
    }

    /** Only {@code ssl://} sockets coalesce writes (over {@code wss://} it saved nothing: docs/benchmarks.md). */
    boolean coalesces() {
        return settings.protocol() != TransportProtocol.MQTT_WS;
    }

    /** @param backlog the connection's telemetry PUBLISHes not yet written, which its socket's flushes wait for */
    MqttConnectOptions options(SasToken token, PublishBacklog backlog) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        // the session bounds what is in flight; Paho may still hold messages whose send timeout passed
        options.setMaxInflight(maxInFlight * 2 + 16);
        options.setUserName(userName());
        if (token != null) {
            options.setPassword(token.value().toCharArray());
        }
        // through a proxy, Paho's socket is tunnelled (CONNECT or SOCKS5) before TLS starts inside the tunnel
        SSLSocketFactory tls = settings.proxy() == null ? sslContext.getSocketFactory()
                : new ProxiedSslSocketFactory(sslContext.getSocketFactory(), settings.proxy());
        options.setSocketFactory(coalesces()
                ? new CoalescingSslSocketFactory(tls, backlog, scheduler, completions) : tls);
        options.setHttpsHostnameVerificationEnabled(true);
        return options;
    }

    /**
     * Paho schedules its first ping from its receiver thread when the CONNACK arrives; a CONNACK that arrives while the
     * component stops would otherwise throw the scheduler's rejection on that thread. The connection is going away
     * then anyway, so a rejected ping is only logged.
     */
    private static final class StoppingAwarePingSender extends ScheduledExecutorPingSender {
        StoppingAwarePingSender(ScheduledExecutorService scheduler) {
            super(scheduler);
        }

        @Override
        public void schedule(long delayInMilliseconds) {
            try {
                super.schedule(delayInMilliseconds);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                org.slf4j.LoggerFactory.getLogger(MqttConnector.class)
                        .debug("MQTT keep-alive not scheduled: the component is stopping");
            }
        }
    }
}

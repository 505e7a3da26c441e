package io.cameliothub.component.transport.internal;

import java.time.Duration;

import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;

/**
 * Everything a device session needs to know about its device: where to connect, as whom, and how it behaves. Free of
 * Camel: the component's settings resolver builds it. {@link #toString()} shows no secret.
 *
 * @param protocol       the wire
 * @param hostName       the hub's host name: identity and token audience
 * @param connectHost    where to connect: the gateway when one is configured, else the hub
 * @param port           the port to connect to
 * @param deviceId       the device identity
 * @param moduleId       the module identity, or null
 * @param credentials    how the device authenticates
 * @param connectTimeout how long one connection attempt may take
 * @param keepAlive      MQTT keep-alive / AMQP idle timeout
 * @param options        send window, timeouts and reconnection backoff
 * @param clientType     what the device announces itself as to IoT Hub
 * @param proxy          the proxy to tunnel through, or null
 */
public record TransportSettings(
        TransportProtocol protocol,
        String hostName,
        String connectHost,
        int port,
        String deviceId,
        String moduleId,
        DeviceCredentials credentials,
        Duration connectTimeout,
        Duration keepAlive,
        TransportOptions options,
        String clientType,
        ProxySettings proxy) {

    /** {@code deviceId} or {@code deviceId/moduleId}: the identity as IoT Hub names it in MQTT client ids. */
    public String clientId() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    public boolean isX509() {
        return credentials instanceof DeviceCredentials.X509;
    }

    @Override
    public String toString() {
        return clientId() + "@" + hostName + " (" + protocol + (proxy == null ? "" : ", " + proxy.describe()) + ")";
    }
}

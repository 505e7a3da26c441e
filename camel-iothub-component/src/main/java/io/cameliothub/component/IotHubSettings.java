package io.cameliothub.component;

import java.time.Duration;

import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.transport.internal.TransportOptions;
import io.cameliothub.component.transport.internal.TransportSettings;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The validated, resolved form of an endpoint's configuration: where to connect and as whom. Built by
 * {@link IotHubSettingsResolver}; immutable. {@link #toString()} shows no secret.
 *
 * @param protocol        the transport
 * @param hostName        the hub's host name: identity and token audience
 * @param connectHost     where to connect: the gateway when one is configured, else the hub
 * @param port            the port to connect to
 * @param deviceId        the device identity
 * @param moduleId        the module identity, or null
 * @param credentials     how the device authenticates
 * @param sslContext      TLS settings, or null for the JVM's defaults
 * @param certificateFiles the client certificate's files (certificateFile/privateKeyFile or keyStoreFile), or null
 * @param connectTimeout  how long to wait for a connection
 * @param keepAlive       MQTT keep-alive / AMQP idle timeout
 * @param transport       the Camel-free settings the device session runs with
 */
public record IotHubSettings(
        IotHubProtocol protocol,
        String hostName,
        String connectHost,
        int port,
        String deviceId,
        String moduleId,
        DeviceCredentials credentials,
        SSLContextParameters sslContext,
        IotHubCertificateFiles certificateFiles,
        Duration connectTimeout,
        Duration keepAlive,
        TransportSettings transport) {

    /** {@code deviceId} or {@code deviceId/moduleId}: the identity as IoT Hub names it in MQTT client ids. */
    public String clientId() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    /** In-flight window, timeouts and reconnection backoff. */
    public TransportOptions transportOptions() {
        return transport.options();
    }

    /** The proxy to tunnel through, or null. */
    public ProxySettings proxy() {
        return transport.proxy();
    }

    /** The IoT Hub's name: its host name up to the first dot. */
    public String hubName() {
        int dot = hostName.indexOf('.');
        return dot < 0 ? hostName : hostName.substring(0, dot);
    }

    @Override
    public String toString() {
        return "IotHubSettings[" + clientId() + "@" + hostName + " via " + protocol + " " + connectHost + ":" + port
               + ", auth=" + credentials.getClass().getSimpleName() + (proxy() == null ? "" : ", " + proxy().describe()) + "]";
    }
}

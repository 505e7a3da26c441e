package io.cameliothub.component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.cameliothub.component.auth.ConnectionString;
import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.auth.SasTokenSigner;
import io.cameliothub.component.transport.internal.TransportOptions;
import io.cameliothub.component.transport.internal.TransportProtocol;
import io.cameliothub.component.transport.internal.TransportSettings;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Checks an endpoint's configuration and resolves it into {@link IotHubSettings}. Every error names the option and
 * says what was expected; none repeats a key or a token.
 */
public final class IotHubSettingsResolver {

    /** IoT Hub's maximum useful MQTT keep-alive: its 1.5x timeout must stay under the load balancer's idle limit. */
    public static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(1177);

    // IoT Hub device ids: up to 128 ASCII alphanumerics and - . % _ * ? ! ( ) , : = @ $ '
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");
    // module ids allow + and # as well
    private static final Pattern MODULE_ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']{1,128}");
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final Clock clock;

    public IotHubSettingsResolver(Clock clock) {
        this.clock = clock;
    }

    public IotHubSettings resolve(IotHubConfiguration config) {
        ConnectionString cs = config.getConnectionString() == null ? null
                : ConnectionString.parse(config.getConnectionString());

        String hostName = agree("hostName", config.getHostName(), cs == null ? null : cs.hostName());
        String gateway = agree("gatewayHostName", config.getGatewayHostName(), cs == null ? null : cs.gatewayHostName());
        String deviceId = agree("deviceId", config.getDeviceId(), cs == null ? null : cs.deviceId());
        String moduleId = agree("moduleId", config.getModuleId(), cs == null ? null : cs.moduleId());

        if (hostName == null || hostName.isBlank()) {
            throw new IllegalArgumentException(
                    "hostName is missing: set hostName (e.g. my-hub.azure-devices.net) or a connectionString with HostName");
        }
        checkHost("hostName", hostName);
        if (gateway != null) {
            checkHost("gatewayHostName", gateway);
        }
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException(
                    "deviceId is missing: name it in the URI (iothub:deviceId) or in the connectionString (DeviceId=...)");
        }
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new IllegalArgumentException("deviceId '" + deviceId + "' is not valid: expected 1 to 128 ASCII letters, "
                                               + "digits or - . % _ * ? ! ( ) , : = @ $ '");
        }
        if (moduleId != null && !MODULE_ID.matcher(moduleId).matches()) {
            throw new IllegalArgumentException("moduleId '" + moduleId + "' is not valid: expected 1 to 128 ASCII letters, "
                                               + "digits or - . + % _ # * ? ! ( ) , : = @ $ '");
        }

        IotHubProtocol protocol = config.getProtocol() == null ? IotHubProtocol.MQTT : config.getProtocol();
        int port = config.getPort() == null ? protocol.defaultPort() : config.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: expected 1 to 65535");
        }
        Duration ttl = positive("sasTokenTimeToLive", config.getSasTokenTimeToLive());
        Duration connectTimeout = positive("connectTimeout", config.getConnectTimeout());
        Duration keepAlive = positive("keepAliveInterval", config.getKeepAliveInterval());
        if (keepAlive.compareTo(MAX_KEEP_ALIVE) > 0) {
            throw new IllegalArgumentException("keepAliveInterval " + keepAlive.toSeconds()
                                               + "s is above IoT Hub's maximum of 1177s");
        }

        TransportOptions transportOptions = transportOptions(config);

        String identity = deviceId + (moduleId == null ? "" : "/" + moduleId);
        IotHubCertificateFiles certificateFiles = IotHubCertificateFiles.resolve(config);
        DeviceCredentials credentials = credentials(config, cs, hostName, deviceId, moduleId, ttl, identity,
                certificateFiles);
        String connectHost = gateway != null ? gateway : hostName;
        TransportSettings transport = new TransportSettings(TransportProtocol.valueOf(protocol.name()), hostName,
                connectHost, port, deviceId, moduleId, credentials, connectTimeout, keepAlive, transportOptions,
                IotHubVersion.clientType(), IotHubProxyResolver.resolve(config, protocol));
        return new IotHubSettings(protocol, hostName, connectHost, port, deviceId, moduleId, credentials,
                config.getSslContextParameters(), certificateFiles, connectTimeout, keepAlive, transport);
    }

    private static TransportOptions transportOptions(IotHubConfiguration config) {
        if (config.getMaxInFlight() < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + config.getMaxInFlight());
        }
        if (config.getQos() != 0 && config.getQos() != 1) {
            throw new IllegalArgumentException("qos " + config.getQos() + " is not supported: expected 0 or 1 "
                                               + "(IoT Hub does not support QoS 2)");
        }
        Duration sendTimeout = positive("sendTimeout", config.getSendTimeout());
        Duration min = positive("reconnectMinBackoff", config.getReconnectMinBackoff());
        Duration max = positive("reconnectMaxBackoff", config.getReconnectMaxBackoff());
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("reconnectMaxBackoff " + max.toMillis()
                                               + "ms is shorter than reconnectMinBackoff " + min.toMillis() + "ms");
        }
        if (config.getMaxQueued() < 0) {
            throw new IllegalArgumentException("maxQueued must be 0 or more, was " + config.getMaxQueued());
        }
        return new TransportOptions(config.getMaxInFlight(), config.getMaxQueued(), sendTimeout, min, max,
                config.getQos() == 0, notNegative("failFastWhenDisconnected", config.getFailFastWhenDisconnected()));
    }

    private DeviceCredentials credentials(
            IotHubConfiguration config, ConnectionString cs, String hostName, String deviceId, String moduleId,
            Duration ttl, String identity, IotHubCertificateFiles certificateFiles) {
        String key = agreeSecret("sharedAccessKey", config.getSharedAccessKey(), cs == null ? null : cs.sharedAccessKey());
        String token = agreeSecret("sasToken", config.getSasToken(),
                cs == null ? null : cs.sharedAccessSignature());
        String keyName = agree("sharedAccessKeyName", config.getSharedAccessKeyName(),
                cs == null ? null : cs.sharedAccessKeyName());
        boolean x509 = (cs != null && cs.isX509()) || hasClientCertificate(config.getSslContextParameters())
                       || certificateFiles != null;

        List<String> given = new ArrayList<>();
        if (key != null) {
            given.add("sharedAccessKey");
        }
        if (token != null) {
            given.add("sasToken");
        }
        if (certificateFiles != null) {
            given.add(certificateFiles.options());
        } else if (cs != null && cs.isX509()) {
            given.add("x509");
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException("Credentials are ambiguous: " + String.join(" and ", given)
                                               + " are both given; configure exactly one");
        }
        if (key != null) {
            SasTokenSigner signer = new SasTokenSigner(key, keyName);
            return new DeviceCredentials.SymmetricKey(signer, SasTokenSigner.resourceUri(hostName, deviceId, moduleId), ttl);
        }
        if (keyName != null) {
            throw new IllegalArgumentException("sharedAccessKeyName is set but sharedAccessKey is missing");
        }
        if (token != null) {
            SasToken parsed = SasToken.parse(token);
            if (parsed.isExpiredAt(clock.instant())) {
                throw new IllegalArgumentException("sasToken expired at " + parsed.expiry()
                                                   + ": give a current token or a sharedAccessKey");
            }
            return new DeviceCredentials.FixedToken(parsed, identity);
        }
        if (x509) {
            return new DeviceCredentials.X509();
        }
        throw new IllegalArgumentException("No credentials for device " + identity
                                           + ": set sharedAccessKey, sasToken, a connectionString that holds "
                                           + "one, or an X.509 client certificate (certificateFile and "
                                           + "privateKeyFile, keyStoreFile, or sslContextParameters' key managers)");
    }

    private static boolean hasClientCertificate(SSLContextParameters ssl) {
        return ssl != null && ssl.getKeyManagers() != null;
    }

    private static String agree(String option, String configured, String fromConnectionString) {
        if (configured != null && fromConnectionString != null && !configured.equals(fromConnectionString)) {
            throw new IllegalArgumentException(option + " '" + configured + "' disagrees with the connectionString's '"
                                               + fromConnectionString + "'");
        }
        return configured != null ? configured : fromConnectionString;
    }

    private static String agreeSecret(String option, String configured, String fromConnectionString) {
        if (configured != null && fromConnectionString != null && !configured.equals(fromConnectionString)) {
            throw new IllegalArgumentException(option + " is given both as an option and in the connectionString, "
                                               + "with different values");
        }
        return configured != null ? configured : fromConnectionString;
    }

    private static void checkHost(String option, String host) {
        if (!HOST_NAME.matcher(host).matches() || host.length() > 253) {
            throw new IllegalArgumentException(option + " '" + host
                                               + "' is not a valid host name");
        }
    }

    private static Duration positive(String option, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + millis + "ms");
        }
        return Duration.ofMillis(millis);
    }

    private static Duration notNegative(String option, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException(option + " must be 0 (off) or positive, was " + millis + "ms");
        }
        return Duration.ofMillis(millis);
    }
}

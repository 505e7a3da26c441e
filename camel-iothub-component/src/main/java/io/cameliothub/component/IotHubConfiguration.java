package io.cameliothub.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of an iothub: endpoint. The component holds one instance whose values every endpoint starts
 * from; each endpoint works on its own {@link #copy()}.
 */
@UriParams
public class IotHubConfiguration extends IotHubC2dConfiguration implements Cloneable {

    /** The device identity, as registered in IoT Hub. May be left out when the connection string names the device. */
    @UriPath
    private String deviceId;

    /** The module identity within the device, for module clients (e.g. IoT Edge modules). */
    @UriPath
    private String moduleId;

    /**
     * The transport: MQTT (port 8883, one device per connection), MQTT_WS (MQTT over WebSocket, port 443), AMQPS (port
     * 5671, many devices share one connection: gateways), AMQPS_WS (AMQP over WebSocket, port 443) or HTTPS (port 443,
     * cloud-to-device by polling).
     */
    @UriParam(label = "common", defaultValue = "MQTT", enums = "MQTT,MQTT_WS,AMQPS,AMQPS_WS,HTTPS")
    private IotHubProtocol protocol = IotHubProtocol.MQTT;

    /**
     * The port to connect to. Defaults to the protocol's port: 8883 for MQTT, 5671 for AMQPS, 443 for the WebSocket
     * transports and HTTPS.
     */
    @UriParam(label = "common")
    private Integer port;

    /** The IoT Hub host name, e.g. my-hub.azure-devices.net. Taken from the connection string when one is given. */
    @UriParam(label = "common")
    private String hostName;

    /**
     * An IoT Edge gateway to connect to instead of the hub. Tokens and the device's identity still name
     * hostName.
     */
    @UriParam(label = "common")
    private String gatewayHostName;

    /**
     * A device or module connection string: HostName=...;DeviceId=...;SharedAccessKey=.... Also understood:
     * ModuleId, SharedAccessKeyName, SharedAccessSignature, GatewayHostName and x509=true. With gateway=true, the
     * connection string of a shared access policy with DeviceConnect: HostName=...;SharedAccessKeyName=...;
     * SharedAccessKey=....
     */
    @UriParam(label = "security", secret = true)
    @Metadata(secret = true)
    private String connectionString;

    /**
     * The device's (or module's, or policy's) symmetric key, Base64-encoded. SAS tokens are minted from it and renewed
     * before they expire.
     */
    @UriParam(label = "security", secret = true)
    @Metadata(secret = true)
    private String sharedAccessKey;

    /**
     * The name of the shared access policy that sharedAccessKey belongs to, for policy-signed tokens (a policy
     * with DeviceConnect). Leave empty for a device or module key.
     */
    @UriParam(label = "security")
    private String sharedAccessKeyName;

    /**
     * A ready SAS token (SharedAccessSignature sr=...&sig=...&se=...), as a connection string's SharedAccessSignature
     * holds it: used as is and never renewed, so the connection fails once it expires. (Named sasToken so that Camel
     * masks it wherever it prints an endpoint URI.)
     */
    @UriParam(label = "security", secret = true)
    @Metadata(secret = true)
    private String sasToken;

    /** How long a SAS token minted from the key stays valid. Tokens are renewed before they expire. */
    @UriParam(label = "security", defaultValue = "1h", javaType = "java.time.Duration")
    private long sasTokenTimeToLive = 3_600_000L;

    /**
     * TLS settings: a trust store for the hub's certificate (the JVM's trust store by default) and, for X.509
     * authentication, the device's client certificate and key.
     */
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;

    /** How long to wait for the connection to the hub (TCP, TLS and protocol handshake). */
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration")
    private long connectTimeout = 30_000L;

    /** The MQTT keep-alive interval and the AMQP idle timeout. IoT Hub's maximum is 1177 seconds. */
    @UriParam(label = "advanced", defaultValue = "230s", javaType = "java.time.Duration")
    private long keepAliveInterval = 230_000L;

    /**
     * The most device-to-cloud messages that may await the hub's acknowledgement at once on a connection. When the
     * window is full, up to maxQueued messages wait for their turn; no thread ever waits.
     */
    @UriParam(label = "producer", defaultValue = "64")
    private int maxInFlight = 64;

    /**
     * The most device-to-cloud messages of a device that may wait for room in its maxInFlight window. Past it a send
     * fails at once with a retryable IotHubException (the hub is slow or unreachable), so no thread ever waits.
     */
    @UriParam(label = "producer", defaultValue = "1000")
    private int maxQueued = 1000;

    /**
     * How long a device-to-cloud message may take, waiting for its turn included, until the hub acknowledges it; past
     * that the exchange fails.
     */
    @UriParam(label = "producer", defaultValue = "60s", javaType = "java.time.Duration")
    private long sendTimeout = 60_000L;

    /**
     * MQTT quality of service for device-to-cloud messages: 1 (the default) completes the exchange when the hub
     * acknowledged the message; 0 is fire-and-forget telemetry, complete once written to the connection. IoT Hub does
     * not support 2.
     */
    @UriParam(label = "producer", defaultValue = "1", enums = "0,1")
    private int qos = 1;

    /**
     * How the producer turns the body into bytes: BYTES (Camel's type converters: byte arrays, String, InputStream...;
     * a body with no converter, such as a POJO, fails the exchange) or JSON (Maps, POJOs and JsonNodes are written as
     * JSON with Jackson, text and bytes go as they are, labelled application/json, utf-8 unless the route set those).
     */
    @UriParam(label = "producer", defaultValue = "BYTES", enums = "BYTES,JSON")
    private IotHubBodyFormat bodyFormat = IotHubBodyFormat.BYTES;

    /** Whether a null body is sent as an empty (0-byte) message. By default a null body fails the exchange. */
    @UriParam(label = "producer", defaultValue = "false")
    private boolean allowEmptyBody;














    /**
     * Decides which Camel headers travel as IoT Hub application properties and which received properties become
     * headers. By default Camel's own headers (Camel*, org.apache.camel*) stay out.
     */
    @UriParam(label = "filter")
    private HeaderFilterStrategy headerFilterStrategy;

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxQueued() {
        return maxQueued;
    }

    public void setMaxQueued(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    public long getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(long sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public int getQos() {
        return qos;
    }

    public void setQos(int qos) {
        this.qos = qos;
    }

    public IotHubBodyFormat getBodyFormat() {
        return bodyFormat;
    }

    public void setBodyFormat(IotHubBodyFormat bodyFormat) {
        this.bodyFormat = bodyFormat;
    }

    public boolean isAllowEmptyBody() {
        return allowEmptyBody;
    }

    public void setAllowEmptyBody(boolean allowEmptyBody) {
        this.allowEmptyBody = allowEmptyBody;
    }











    public HeaderFilterStrategy getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(String deviceId) {
        this.deviceId = deviceId;
    }

    public String getModuleId() {
        return moduleId;
    }

    public void setModuleId(String moduleId) {
        this.moduleId = moduleId;
    }

    public IotHubProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(IotHubProtocol protocol) {
        this.protocol = protocol;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getHostName() {
        return hostName;
    }

    public void setHostName(String hostName) {
        this.hostName = hostName;
    }

    public String getGatewayHostName() {
        return gatewayHostName;
    }

    public void setGatewayHostName(String gatewayHostName) {
        this.gatewayHostName = gatewayHostName;
    }

    public String getConnectionString() {
        return connectionString;
    }

    public void setConnectionString(String connectionString) {
        this.connectionString = connectionString;
    }

    public String getSharedAccessKey() {
        return sharedAccessKey;
    }

    public void setSharedAccessKey(String sharedAccessKey) {
        this.sharedAccessKey = sharedAccessKey;
    }

    public String getSharedAccessKeyName() {
        return sharedAccessKeyName;
    }

    public void setSharedAccessKeyName(String sharedAccessKeyName) {
        this.sharedAccessKeyName = sharedAccessKeyName;
    }

    public String getSasToken() {
        return sasToken;
    }

    public void setSasToken(String sasToken) {
        this.sasToken = sasToken;
    }

    public long getSasTokenTimeToLive() {
        return sasTokenTimeToLive;
    }

    public void setSasTokenTimeToLive(long sasTokenTimeToLive) {
        this.sasTokenTimeToLive = sasTokenTimeToLive;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getKeepAliveInterval() {
        return keepAliveInterval;
    }

    public void setKeepAliveInterval(long keepAliveInterval) {
        this.keepAliveInterval = keepAliveInterval;
    }

















    public IotHubConfiguration copy() {
        try {
            return (IotHubConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        return "IotHubConfiguration[deviceId=" + deviceId + ", moduleId=" + moduleId + ", protocol=" + protocol
               + ", hostName=" + hostName + "]";
    }
}

package io.cameliothub.component.springboot;

import java.time.Duration;

import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The security options of the iothub component (credentials and TLS), as {@code camel.component.iothub.*} properties
 * (a superclass of {@link IotHubComponentConfiguration}, which keeps each file to one concern).
 */
public abstract class IotHubComponentSecurityProperties extends IotHubComponentC2dProperties {

    /**
     * A device or module connection string: HostName=...;DeviceId=...;SharedAccessKey=.... Also understood: ModuleId,
     * SharedAccessKeyName, SharedAccessSignature, GatewayHostName and x509=true. A secret: keep it out of source
     * control.
     */
    private String connectionString;

    /**
     * The device's (or module's, or policy's) symmetric key, Base64-encoded. SAS tokens are minted from it and renewed
     * before they expire. A secret: keep it out of source control.
     */
    private String sharedAccessKey;

    /**
     * The name of the shared access policy that sharedAccessKey belongs to, for policy-signed tokens (a policy with
     * DeviceConnect). Leave empty for a device or module key.
     */
    private String sharedAccessKeyName;

    /**
     * A ready SAS token (SharedAccessSignature sr=...&amp;sig=...&amp;se=...), as a connection string's
     * SharedAccessSignature holds it: used as is and never renewed, so the connection fails once it expires. A secret.
     */
    private String sasToken;

    /**
     * How long a SAS token minted from the key stays valid. Tokens are renewed before they expire.
     */
    private Duration sasTokenTimeToLive = Duration.ofHours(1);

    /**
     * TLS settings, as a bean reference (#beanName): a trust store for the hub's certificate (the JVM's trust store by
     * default) and, for X.509 authentication, the device's client certificate and key.
     */
    private SSLContextParameters sslContextParameters;

    /**
     * Use the context's global SSLContextParameters (camel.ssl.*) for endpoints that set no sslContextParameters of
     * their own.
     */
    private Boolean useGlobalSslContextParameters = false;

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

    public Duration getSasTokenTimeToLive() {
        return sasTokenTimeToLive;
    }

    public void setSasTokenTimeToLive(Duration sasTokenTimeToLive) {
        this.sasTokenTimeToLive = sasTokenTimeToLive;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public Boolean getUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    public void setUseGlobalSslContextParameters(Boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }
}

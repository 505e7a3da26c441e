package io.cameliothub.component.dsl;

/**
 * The security options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubSecurityOptions<B extends IotHubSecurityOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * A device or module connection string: HostName=...;DeviceId=...;SharedAccessKey=.... Also understood:
     * ModuleId, SharedAccessKeyName, SharedAccessSignature, GatewayHostName and x509=true.
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B connectionString(String value) {
        doSetProperty("connectionString", IotHubRawValue.of(value));
        return self();
    }

    /**
     * A ready SAS token (SharedAccessSignature sr=...&sig=...&se=...), as a connection string's
     * SharedAccessSignature holds it: used as is and never renewed, so the connection fails once it expires. (Named
     * sasToken so that Camel masks it wherever it prints an endpoint URI.)
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B sasToken(String value) {
        doSetProperty("sasToken", IotHubRawValue.of(value));
        return self();
    }

    /**
     * How long a SAS token minted from the key stays valid. Tokens are renewed before they expire.
     *
     * Default: 1h.
     */
    default B sasTokenTimeToLive(long millis) {
        doSetProperty("sasTokenTimeToLive", millis);
        return self();
    }

    /**
     * How long a SAS token minted from the key stays valid. Tokens are renewed before they expire.
     *
     * Default: 1h.
     */
    default B sasTokenTimeToLive(String duration) {
        doSetProperty("sasTokenTimeToLive", duration);
        return self();
    }

    /**
     * The device's (or module's, or policy's) symmetric key, Base64-encoded. SAS tokens are minted from it and
     * renewed before they expire.
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B sharedAccessKey(String value) {
        doSetProperty("sharedAccessKey", IotHubRawValue.of(value));
        return self();
    }

    /**
     * The name of the shared access policy that sharedAccessKey belongs to, for policy-signed tokens (a policy with
     * DeviceConnect). Leave empty for a device or module key.
     */
    default B sharedAccessKeyName(String value) {
        doSetProperty("sharedAccessKeyName", value);
        return self();
    }

    /**
     * TLS settings: a trust store for the hub's certificate (the JVM's trust store by default) and, for X.509
     * authentication, the device's client certificate and key.
     */
    default B sslContextParameters(org.apache.camel.support.jsse.SSLContextParameters value) {
        doSetProperty("sslContextParameters", value);
        return self();
    }

    /**
     * TLS settings: a trust store for the hub's certificate (the JVM's trust store by default) and, for X.509
     * authentication, the device's client certificate and key.
     */
    default B sslContextParameters(String reference) {
        doSetProperty("sslContextParameters", reference);
        return self();
    }
}

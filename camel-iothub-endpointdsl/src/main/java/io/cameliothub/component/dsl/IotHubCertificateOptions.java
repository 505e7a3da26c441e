package io.cameliothub.component.dsl;

/**
 * The X.509 certificate file options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with
 * the component's metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubCertificateOptions<B extends IotHubCertificateOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * A PEM file with the device's X.509 certificate (the leaf first, then any intermediate CA certificates), for
     * X.509 authentication. Needs privateKeyFile. Read again when it changes: a rotated certificate is presented at
     * the next reconnect.
     */
    default B certificateFile(String path) {
        doSetProperty("certificateFile", path);
        return self();
    }

    /**
     * The PEM file with the private key of certificateFile, as unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----; RSA,
     * EC or Ed25519).
     */
    default B privateKeyFile(String path) {
        doSetProperty("privateKeyFile", path);
        return self();
    }

    /**
     * A PKCS12 key store file with the device's private key and certificate chain (one key entry), for X.509
     * authentication; an alternative to certificateFile and privateKeyFile. Read again when it changes: a rotated
     * certificate is presented at the next reconnect.
     */
    default B keyStoreFile(String path) {
        doSetProperty("keyStoreFile", path);
        return self();
    }

    /**
     * The password of keyStoreFile (and of its key entry).
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B keyStorePassword(String value) {
        doSetProperty("keyStorePassword", IotHubRawValue.of(value));
        return self();
    }
}

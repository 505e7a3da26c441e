package io.cameliothub.component;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The X.509 client-certificate file options of {@link IotHubConfiguration} (its superclass, so the endpoint and
 * component see them as their own options): PEM certificate and key files, or a PKCS12 key store, as an alternative to
 * the key managers of sslContextParameters.
 */
@UriParams
public abstract class IotHubCertificateConfiguration {

    /**
     * A PEM file with the device's X.509 certificate (the leaf first, then any intermediate CA certificates), for X.509
     * authentication. Needs privateKeyFile. Read again when it changes: a rotated certificate is presented at the next
     * reconnect.
     */
    @UriParam(label = "security")
    private String certificateFile;

    /**
     * The PEM file with the private key of certificateFile, as unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----; RSA,
     * EC or Ed25519).
     */
    @UriParam(label = "security")
    private String privateKeyFile;

    /**
     * A PKCS12 key store file with the device's private key and certificate chain (one key entry), for X.509
     * authentication; an alternative to certificateFile and privateKeyFile. Read again when it changes: a rotated
     * certificate is presented at the next reconnect.
     */
    @UriParam(label = "security")
    private String keyStoreFile;

    /**
     * The password of keyStoreFile (and of its key entry). A secret: never logged.
     */
    @UriParam(label = "security", secret = true)
    @Metadata(secret = true)
    private String keyStorePassword;

    public String getCertificateFile() {
        return certificateFile;
    }

    public void setCertificateFile(String certificateFile) {
        this.certificateFile = certificateFile;
    }

    public String getPrivateKeyFile() {
        return privateKeyFile;
    }

    public void setPrivateKeyFile(String privateKeyFile) {
        this.privateKeyFile = privateKeyFile;
    }

    public String getKeyStoreFile() {
        return keyStoreFile;
    }

    public void setKeyStoreFile(String keyStoreFile) {
        this.keyStoreFile = keyStoreFile;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }
}

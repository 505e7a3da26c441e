package io.cameliothub.component.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;

/**
 * The X.509 certificate file options of the iothub component, as {@code camel.component.iothub.*} properties (the
 * superclass of {@link IotHubComponentProxyProperties}, which keeps each file to one concern).
 */
public abstract class IotHubComponentCertificateProperties extends ComponentConfigurationPropertiesCommon {

    /**
     * A PEM file with the device's X.509 certificate (the leaf first, then any intermediate CA certificates), for X.509
     * authentication. Needs privateKeyFile. Read again when it changes: a rotated certificate is presented at the next
     * reconnect.
     */
    private String certificateFile;

    /**
     * The PEM file with the private key of certificateFile, as unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----; RSA,
     * EC or Ed25519).
     */
    private String privateKeyFile;

    /**
     * A PKCS12 key store file with the device's private key and certificate chain (one key entry), for X.509
     * authentication; an alternative to certificateFile and privateKeyFile. Read again when it changes: a rotated
     * certificate is presented at the next reconnect.
     */
    private String keyStoreFile;

    /**
     * The password of keyStoreFile (and of its key entry). A secret: never logged.
     */
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

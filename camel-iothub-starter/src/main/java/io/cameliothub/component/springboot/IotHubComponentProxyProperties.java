package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubProxyType;

/**
 * The proxy options of the iothub component, as {@code camel.component.iothub.proxy-*} properties (the superclass of
 * {@link IotHubComponentConfiguration}, which keeps each file to one concern).
 */
public abstract class IotHubComponentProxyProperties extends IotHubComponentCertificateProperties {

    /**
     * A proxy to reach the hub (or gateway) through. The hub's host name is passed to the proxy unresolved. HTTP
     * proxies work with every protocol, SOCKS5 with MQTT, MQTT_WS and AMQPS.
     */
    private String proxyHost;

    /**
     * The proxy's port. Required with proxyHost.
     */
    private Integer proxyPort;

    /**
     * HTTP (a CONNECT tunnel, the usual corporate proxy) or SOCKS (SOCKS5).
     */
    private IotHubProxyType proxyType = IotHubProxyType.HTTP;

    /**
     * The user name for the proxy: HTTP Basic authentication, or SOCKS5 user/password authentication.
     */
    private String proxyUsername;

    /**
     * The password for the proxy. A secret: never logged.
     */
    private String proxyPassword;

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public IotHubProxyType getProxyType() {
        return proxyType;
    }

    public void setProxyType(IotHubProxyType proxyType) {
        this.proxyType = proxyType;
    }

    public String getProxyUsername() {
        return proxyUsername;
    }

    public void setProxyUsername(String proxyUsername) {
        this.proxyUsername = proxyUsername;
    }

    public String getProxyPassword() {
        return proxyPassword;
    }

    public void setProxyPassword(String proxyPassword) {
        this.proxyPassword = proxyPassword;
    }
}

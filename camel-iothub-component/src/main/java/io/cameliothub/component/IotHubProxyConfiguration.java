package io.cameliothub.component;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The proxy options of {@link IotHubConfiguration} (its superclass, so the endpoint and component see them as their
 * own options).
 */
@UriParams
public abstract class IotHubProxyConfiguration extends IotHubCertificateConfiguration {

    /**
     * A proxy to reach the hub (or gateway) through. The hub's host name is passed to the proxy unresolved. HTTP
     * proxies work with every protocol, SOCKS5 with MQTT, MQTT_WS and AMQPS.
     */
    @UriParam(label = "proxy")
    private String proxyHost;

    /**
     * The proxy's port. Required with proxyHost.
     */
    @UriParam(label = "proxy")
    private Integer proxyPort;

    /**
     * HTTP (a CONNECT tunnel, the usual corporate proxy) or SOCKS (SOCKS5).
     */
    @UriParam(label = "proxy", defaultValue = "HTTP", enums = "HTTP,SOCKS")
    private IotHubProxyType proxyType = IotHubProxyType.HTTP;

    /**
     * The user name for the proxy: HTTP Basic authentication, or SOCKS5 user/password authentication.
     */
    @UriParam(label = "proxy,security", secret = true)
    @Metadata(secret = true)
    private String proxyUsername;

    /**
     * The password for the proxy. A secret: never logged.
     */
    @UriParam(label = "proxy,security", secret = true)
    @Metadata(secret = true)
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

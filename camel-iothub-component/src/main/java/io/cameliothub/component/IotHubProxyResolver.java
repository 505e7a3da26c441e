package io.cameliothub.component;

import io.cameliothub.component.transport.proxy.ProxySettings;

/** Checks the proxy options; every error names the option. */
final class IotHubProxyResolver {

    private IotHubProxyResolver() {
    }

    /** The proxy to use, or null when proxyHost is not set. */
    static ProxySettings resolve(IotHubConfiguration config, IotHubProtocol protocol) {
        String host = config.getProxyHost();
        if (host == null || host.isBlank()) {
            if (config.getProxyPort() != null || config.getProxyUsername() != null || config.getProxyPassword() != null) {
                throw new IllegalArgumentException("proxyPort, proxyUsername and proxyPassword need proxyHost");
            }
            return null;
        }
        if (protocol != IotHubProtocol.MQTT && protocol != IotHubProtocol.MQTT_WS) {
            throw new IllegalArgumentException("proxyHost is set, but protocol " + protocol
                                               + " cannot use a proxy in this version: only MQTT and MQTT_WS can");
        }
        Integer port = config.getProxyPort();
        if (port == null) {
            throw new IllegalArgumentException("proxyPort is missing: give the port of proxy " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxyPort " + port + " is not a port number (1-65535)");
        }
        if (config.getProxyPassword() != null && config.getProxyUsername() == null) {
            throw new IllegalArgumentException("proxyPassword is set but proxyUsername is missing");
        }
        ProxySettings.Type type = config.getProxyType() == IotHubProxyType.SOCKS ? ProxySettings.Type.SOCKS
                : ProxySettings.Type.HTTP;
        return new ProxySettings(type, host.trim(), port, config.getProxyUsername(), config.getProxyPassword());
    }
}

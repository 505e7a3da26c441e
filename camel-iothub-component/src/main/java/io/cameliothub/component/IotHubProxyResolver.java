package io.cameliothub.component;

import io.cameliothub.component.transport.internal.proxy.ProxySettings;

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
        boolean jdkHttpClient = protocol == IotHubProtocol.AMQPS_WS || protocol == IotHubProtocol.HTTPS;
        if (jdkHttpClient && type == ProxySettings.Type.SOCKS) {
            throw new IllegalArgumentException("proxyType SOCKS is not available with protocol " + protocol
                                               + ": it goes through HTTP proxies only (SOCKS works with MQTT, MQTT_WS "
                                               + "and AMQPS)");
        }
        if (jdkHttpClient && config.getProxyUsername() != null && basicTunnellingDisabled()) {
            throw new IllegalArgumentException("proxyUsername is set with protocol " + protocol + ", whose JDK HTTP "
                                               + "client refuses Basic authentication to a proxy unless the JVM runs "
                                               + "with -Djdk.http.auth.tunneling.disabledSchemes= (an empty list)");
        }
        return new ProxySettings(type, host.trim(), port, config.getProxyUsername(), config.getProxyPassword());
    }

    private static boolean basicTunnellingDisabled() {
        String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes");
        return disabled == null || disabled.toLowerCase(java.util.Locale.ROOT).contains("basic");
    }
}

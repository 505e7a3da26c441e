package io.cameliothub.component.dsl;

import io.cameliothub.component.IotHubProxyType;

/**
 * The proxy options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubProxyOptions<B extends IotHubProxyOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * A proxy to reach the hub (or gateway) through. The hub's host name is passed to the proxy unresolved. HTTP
     * proxies work with every protocol, SOCKS5 with MQTT, MQTT_WS and AMQPS.
     */
    default B proxyHost(String value) {
        doSetProperty("proxyHost", value);
        return self();
    }

    /** The proxy's port. Required with proxyHost. */
    default B proxyPort(int value) {
        doSetProperty("proxyPort", value);
        return self();
    }

    /**
     * HTTP (a CONNECT tunnel, the usual corporate proxy) or SOCKS (SOCKS5).
     *
     * Default: HTTP.
     */
    default B proxyType(IotHubProxyType value) {
        doSetProperty("proxyType", value);
        return self();
    }

    /**
     * The user name for the proxy: HTTP Basic authentication, or SOCKS5 user/password authentication.
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B proxyUsername(String value) {
        doSetProperty("proxyUsername", value);
        return self();
    }

    /**
     * The password for the proxy.
     *
     * A secret: Camel masks it in logged URIs.
     */
    default B proxyPassword(String value) {
        doSetProperty("proxyPassword", IotHubRawValue.of(value));
        return self();
    }
}

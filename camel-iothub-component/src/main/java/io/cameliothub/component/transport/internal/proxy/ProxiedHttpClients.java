package io.cameliothub.component.transport.internal.proxy;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.http.HttpClient;

/**
 * Points a JDK {@link HttpClient} (HTTPS, and the WebSocket under AMQPS_WS) at an HTTP proxy: the client tunnels TLS
 * through CONNECT by itself. Proxy credentials go to it through an {@link Authenticator} that answers proxy challenges
 * only. The JDK refuses Basic authentication for CONNECT tunnels unless the JVM runs with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (an empty list).
 */
public final class ProxiedHttpClients {

    private ProxiedHttpClients() {
    }

    /** Adds the proxy to the builder; does nothing for a null proxy. */
    public static HttpClient.Builder through(HttpClient.Builder builder, ProxySettings proxy) {
        if (proxy == null) {
            return builder;
        }
        if (proxy.type() != ProxySettings.Type.HTTP) {
            throw new IllegalArgumentException("The JDK HTTP client tunnels only through HTTP proxies, not through the "
                                               + proxy.describe());
        }
        builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
        if (proxy.hasCredentials()) {
            char[] password = proxy.password() == null ? new char[0] : proxy.password().toCharArray();
            builder.authenticator(new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return getRequestorType() == RequestorType.PROXY
                            ? new PasswordAuthentication(proxy.username(), password.clone()) : null;
                }
            });
        }
        return builder;
    }
}

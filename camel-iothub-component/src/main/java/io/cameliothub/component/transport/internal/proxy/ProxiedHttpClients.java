package io.cameliothub.component.transport.internal.proxy;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points a JDK {@link HttpClient} (HTTPS, and the WebSocket under AMQPS_WS) at an HTTP proxy: the client tunnels TLS
 * through CONNECT by itself. Proxy credentials are not given to it as an {@link java.net.Authenticator}: a client with
 * an authenticator drops the request's own Authorization header (the SAS token of HTTPS). The callers instead add
 * {@link #proxyAuthorization(ProxySettings)} to each request, which the JDK copies onto the CONNECT request only (never
 * through the tunnel), and only when the JVM runs with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (an empty
 * list): by default it strips Basic credentials from CONNECT requests.
 */
public final class ProxiedHttpClients {

    // how the JDK HTTP client (11 to 21) reports a CONNECT answered with anything but 200
    private static final Pattern TUNNEL_FAILED = Pattern.compile("Tunnel failed, got: (\\d{3})");

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
        return builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    /** The Proxy-Authorization header value (Basic) for the proxy's credentials, or null when it has none. */
    public static String proxyAuthorization(ProxySettings proxy) {
        if (proxy == null || !proxy.hasCredentials()) {
            return null;
        }
        String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The proxy's refusal of the tunnel somewhere in {@code error}'s cause chain, named as the TCP transports name it,
     * or null when the failure is another one.
     */
    public static ProxyException tunnelRefusal(Throwable error, ProxySettings proxy) {
        if (proxy == null) {
            return null;
        }
        for (Throwable c = error; c != null; c = c.getCause() == c ? null : c.getCause()) {
            Matcher m = c.getMessage() == null ? null : TUNNEL_FAILED.matcher(c.getMessage());
            if (m != null && m.find()) {
                return refusal(proxy, Integer.parseInt(m.group(1)));
            }
        }
        return null;
    }

    /** The proxy answered CONNECT with {@code status}. */
    public static ProxyException refusal(ProxySettings proxy, int status) {
        // tinyproxy answers refused credentials with 401, others with 407
        if (status == 407 || status == 401) {
            return new ProxyException("The " + proxy.describe() + " requires authentication (" + status + ")"
                                      + (proxy.hasCredentials() ? " and refused the credentials of user "
                                                                  + proxy.username()
                                              : ": set proxyUsername and proxyPassword"), true);
        }
        return new ProxyException("The " + proxy.describe() + " refused the tunnel (" + status + ")", false);
    }
}

package io.cameliothub.component.transport.internal.proxy;

import java.util.Objects;

/**
 * A proxy to reach the hub through: an HTTP proxy (CONNECT tunnel, optional Basic authentication) or a SOCKS5 proxy
 * (optional user name and password). The hub's host name is sent to the proxy unresolved, so the proxy resolves it.
 * {@link #toString()} leaves the password out.
 */
public record ProxySettings(Type type, String host, int port, String username, String password) {

    public enum Type {
        HTTP, SOCKS
    }

    public ProxySettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
    }

    boolean hasCredentials() {
        return username != null;
    }

    /** How errors name it: {@code HTTP proxy proxy.example:3128}. */
    public String describe() {
        return (type == Type.HTTP ? "HTTP" : "SOCKS5") + " proxy " + host + ":" + port;
    }

    @Override
    public String toString() {
        return "ProxySettings[" + describe() + (username == null ? "" : ", user " + username + ", password ****") + "]";
    }
}

package io.cameliothub.component.transport.internal.proxy;

import java.io.IOException;

/** The proxy refused or failed the tunnel; the message names the proxy (never its password). */
public class ProxyException extends IOException {

    private final boolean authentication;

    public ProxyException(String message, boolean authentication) {
        super(message);
        this.authentication = authentication;
    }

    /** Whether the proxy refused the credentials (407, SOCKS5 authentication failure): retrying cannot help. */
    public boolean isAuthentication() {
        return authentication;
    }

    /** The proxy's refusal of the credentials somewhere in the cause chain, or null. */
    public static ProxyException authenticationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ProxyException p && p.isAuthentication()) {
                return p;
            }
        }
        return null;
    }
}

package io.cameliothub.component;

/** The kind of proxy of the {@code proxyType} option. */
public enum IotHubProxyType {
    /** An HTTP proxy: a CONNECT tunnel, optionally with Basic authentication. */
    HTTP,
    /** A SOCKS5 proxy, optionally with user/password authentication. */
    SOCKS
}

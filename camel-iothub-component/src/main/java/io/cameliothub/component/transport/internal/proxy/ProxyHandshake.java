package io.cameliothub.component.transport.internal.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client side of a proxy handshake as a state machine over bytes, for non-blocking wires: {@link #start()} gives
 * the first bytes to send, {@link #received(ByteBuffer)} takes what the proxy sent and answers with more bytes to send,
 * nothing (wait for more), or done. Refusals are {@link ProxyException}s naming the proxy. It consumes exactly the
 * handshake's bytes; anything after them stays in the buffer for the tunnelled protocol.
 */
public final class ProxyHandshake {

    private enum Stage { HTTP_RESPONSE, SOCKS_METHOD, SOCKS_AUTH, SOCKS_REPLY, DONE }

    private static final int MAX_HTTP_HEAD = 16 * 1024;

    private final ProxySettings proxy;
    private final String host;
    private final int port;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private Stage stage;

    public ProxyHandshake(ProxySettings proxy, String host, int port) {
        this.proxy = proxy;
        this.host = host;
        this.port = port;
    }

    public boolean isDone() {
        return stage == Stage.DONE;
    }

    /** The first bytes to send to the proxy. */
    public ByteBuffer start() {
        if (proxy.type() == ProxySettings.Type.HTTP) {
            stage = Stage.HTTP_RESPONSE;
            return ByteBuffer.wrap(httpRequest().getBytes(StandardCharsets.ISO_8859_1));
        }
        stage = Stage.SOCKS_METHOD;
        return ByteBuffer.wrap(proxy.hasCredentials() ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
    }

    /**
     * Takes bytes from the proxy (advancing the buffer's position past the handshake's bytes only).
     *
     * @return bytes to send now, or null when nothing is to be sent (more input needed, or {@link #isDone()})
     */
    public ByteBuffer received(ByteBuffer in) throws ProxyException {
        while (in.hasRemaining() && stage != Stage.DONE) {
            ByteBuffer out = step(in);
            if (out != null) {
                return out;
            }
        }
        return null;
    }

    private ByteBuffer step(ByteBuffer in) throws ProxyException {
        switch (stage) {
            case HTTP_RESPONSE -> {
                pending.write(in.get());
                byte[] b = pending.toByteArray();
                int n = b.length;
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                    httpResponse(new String(b, StandardCharsets.ISO_8859_1));
                    stage = Stage.DONE;
                } else if (n > MAX_HTTP_HEAD) {
                    throw new ProxyException("The " + proxy.describe() + " sent an oversized CONNECT response", false);
                }
                return null;
            }
            case SOCKS_METHOD -> {
                if (!take(in, 2)) {
                    return null;
                }
                byte[] b = drain();
                if (b[0] != 5) {
                    throw new ProxyException("The " + proxy.describe() + " does not speak SOCKS5", false);
                }
                int method = b[1] & 0xff;
                if (method == 2 && proxy.hasCredentials()) {
                    stage = Stage.SOCKS_AUTH;
                    return ByteBuffer.wrap(socksCredentials());
                }
                if (method != 0) {
                    throw new ProxyException("The " + proxy.describe() + " accepts none of the offered authentication "
                                             + "methods" + (proxy.hasCredentials() ? ""
                                                     : ": set proxyUsername and proxyPassword"), true);
                }
                stage = Stage.SOCKS_REPLY;
                return ByteBuffer.wrap(socksConnect());
            }
            case SOCKS_AUTH -> {
                if (!take(in, 2)) {
                    return null;
                }
                if (drain()[1] != 0) {
                    throw new ProxyException("The " + proxy.describe() + " refused the user name and password of user "
                                             + proxy.username(), true);
                }
                stage = Stage.SOCKS_REPLY;
                return ByteBuffer.wrap(socksConnect());
            }
            case SOCKS_REPLY -> {
                if (!take(in, 5)) {
                    return null;
                }
                byte[] b = pending.toByteArray();
                if (b[1] != 0) {
                    throw new ProxyException("The " + proxy.describe() + " refused to connect to " + host + ":" + port
                                             + " (SOCKS5 reply " + (b[1] & 0xff) + ")", false);
                }
                int total = switch (b[3]) {
                    case 1 -> 4 + 4 + 2;
                    case 4 -> 4 + 16 + 2;
                    case 3 -> 4 + 1 + (b[4] & 0xff) + 2;
                    default -> throw new ProxyException("The " + proxy.describe() + " sent an unknown address type",
                            false);
                };
                if (take(in, total)) {
                    drain();
                    stage = Stage.DONE;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Moves bytes from {@code in} until {@code n} are pending; whether there are. */
    private boolean take(ByteBuffer in, int n) {
        while (pending.size() < n && in.hasRemaining()) {
            pending.write(in.get());
        }
        return pending.size() >= n;
    }

    private byte[] drain() {
        byte[] b = pending.toByteArray();
        pending.reset();
        return b;
    }

    private String httpRequest() {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder r = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (proxy.hasCredentials()) {
            String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
            r.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    private void httpResponse(String head) throws ProxyException {
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length >= 2 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status >= 200 && status < 300) {
            return;
        }
        // tinyproxy answers a refused Proxy-Authorization with 401, others with 407
        if (status == 407 || status == 401) {
            throw new ProxyException("The " + proxy.describe() + " requires authentication (" + status + ")"
                                     + (proxy.hasCredentials() ? " and refused the credentials of user "
                                                                 + proxy.username()
                                             : ": set proxyUsername and proxyPassword"), true);
        }
        throw new ProxyException("The " + proxy.describe() + " refused to tunnel to " + host + ":" + port + ": "
                                 + statusLine, false);
    }

    private byte[] socksCredentials() throws ProxyException {
        byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
        byte[] pass = (proxy.password() == null ? "" : proxy.password()).getBytes(StandardCharsets.UTF_8);
        if (user.length > 255 || pass.length > 255) {
            throw new ProxyException("SOCKS5 user names and passwords are at most 255 bytes", true);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1);
        b.write(user.length);
        b.writeBytes(user);
        b.write(pass.length);
        b.writeBytes(pass);
        return b.toByteArray();
    }

    private byte[] socksConnect() {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {5, 1, 0, 3, (byte) name.length});
        b.writeBytes(name);
        b.write(port >> 8);
        b.write(port & 0xff);
        return b.toByteArray();
    }
}

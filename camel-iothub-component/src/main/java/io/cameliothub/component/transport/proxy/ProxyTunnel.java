package io.cameliothub.component.transport.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opens a TCP connection to a target through a proxy: HTTP CONNECT (RFC 9110) or SOCKS5 (RFC 1928, with RFC 1929
 * user/password). Blocking: callers run it on a connecting thread, never an event loop. The target's host name goes to
 * the proxy unresolved.
 */
public final class ProxyTunnel {

    private static final int MAX_RESPONSE_HEADER = 16 * 1024;

    private ProxyTunnel() {
    }

    /** A socket connected to {@code targetHost:targetPort} through the proxy, ready for TLS. */
    public static Socket open(ProxySettings proxy, String targetHost, int targetPort, int timeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(proxy.host(), proxy.port()), timeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw new ProxyException("Cannot reach the " + proxy.describe() + ": " + e.getMessage(), false);
        }
        int previousTimeout = socket.getSoTimeout();
        try {
            socket.setSoTimeout(timeoutMillis);
            if (proxy.type() == ProxySettings.Type.HTTP) {
                httpConnect(socket, proxy, targetHost, targetPort);
            } else {
                socks5(socket, proxy, targetHost, targetPort);
            }
            socket.setSoTimeout(previousTimeout);
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ProxyException("The " + proxy.describe() + " did not answer within " + timeoutMillis + " ms", false);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e instanceof ProxyException p ? p
                    : new ProxyException("Tunnel through the " + proxy.describe() + " failed: " + e.getMessage(), false);
        }
    }

    private static void httpConnect(Socket socket, ProxySettings proxy, String host, int port) throws IOException {
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (proxy.hasCredentials()) {
            String pair = proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password());
            request.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead(socket.getInputStream(), proxy);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status = parts.length >= 2 ? parseStatus(parts[1]) : -1;
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
        throw new ProxyException("The " + proxy.describe() + " refused to tunnel to " + authority + ": " + statusLine,
                false);
    }

    /** Reads the response head byte by byte: nothing of the tunnelled stream may be consumed. */
    private static String readHead(InputStream in, ProxySettings proxy) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new ProxyException("The " + proxy.describe() + " closed the connection before answering CONNECT",
                        false);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_RESPONSE_HEADER) {
                throw new ProxyException("The " + proxy.describe() + " sent an oversized CONNECT response", false);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int parseStatus(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void socks5(Socket socket, ProxySettings proxy, String host, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(proxy.hasCredentials() ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
        out.flush();
        byte[] choice = readFully(in, 2);
        if (choice[0] != 5) {
            throw new ProxyException("The " + proxy.describe() + " does not speak SOCKS5", false);
        }
        int method = choice[1] & 0xff;
        if (method == 2 && proxy.hasCredentials()) {
            byte[] user = proxy.username().getBytes(StandardCharsets.UTF_8);
            byte[] pass = (proxy.password() == null ? "" : proxy.password()).getBytes(StandardCharsets.UTF_8);
            if (user.length > 255 || pass.length > 255) {
                throw new ProxyException("SOCKS5 user names and passwords are at most 255 bytes", true);
            }
            ByteArrayOutputStream auth = new ByteArrayOutputStream();
            auth.write(1);
            auth.write(user.length);
            auth.write(user);
            auth.write(pass.length);
            auth.write(pass);
            out.write(auth.toByteArray());
            out.flush();
            if (readFully(in, 2)[1] != 0) {
                throw new ProxyException("The " + proxy.describe() + " refused the user name and password of user "
                                         + proxy.username(), true);
            }
        } else if (method != 0) {
            throw new ProxyException("The " + proxy.describe() + " accepts none of the offered authentication methods"
                                     + (proxy.hasCredentials() ? "" : ": set proxyUsername and proxyPassword"), true);
        }
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream connect = new ByteArrayOutputStream();
        connect.write(new byte[] {5, 1, 0, 3, (byte) name.length});
        connect.write(name);
        connect.write(port >> 8);
        connect.write(port & 0xff);
        out.write(connect.toByteArray());
        out.flush();
        byte[] reply = readFully(in, 4);
        if (reply[1] != 0) {
            throw new ProxyException("The " + proxy.describe() + " refused to connect to " + host + ":" + port + ": "
                                     + socksReply(reply[1] & 0xff), false);
        }
        int addressLength = switch (reply[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> readFully(in, 1)[0] & 0xff;
            default -> throw new ProxyException("The " + proxy.describe() + " sent an unknown address type", false);
        };
        readFully(in, addressLength + 2);
    }

    private static String socksReply(int code) {
        return switch (code) {
            case 1 -> "general failure";
            case 2 -> "not allowed by its rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "reply code " + code;
        };
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) {
                throw new EOFException("the proxy closed the connection");
            }
            off += r;
        }
        return b;
    }
}

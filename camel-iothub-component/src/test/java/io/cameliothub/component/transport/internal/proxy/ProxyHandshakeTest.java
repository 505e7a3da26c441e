package io.cameliothub.component.transport.internal.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The handshake state machine on input split anywhere, as a non-blocking wire delivers it. */
class ProxyHandshakeTest {

    private static final ProxySettings HTTP = new ProxySettings(ProxySettings.Type.HTTP, "proxy", 3128, "u", "p@ss");
    private static final ProxySettings SOCKS = new ProxySettings(ProxySettings.Type.SOCKS, "socks", 1080, "u", "pw");

    @Test
    void httpConnectCarriesTheUnresolvedHostAndBasicCredentialsAndLeavesTheTunnelledBytes() throws Exception {
        ProxyHandshake h = new ProxyHandshake(HTTP, "hub.example", 5671);
        String request = StandardCharsets.ISO_8859_1.decode(h.start()).toString();
        assertThat(request).startsWith("CONNECT hub.example:5671 HTTP/1.1\r\n")
                .contains("Proxy-Authorization: Basic dTpwQHNz\r\n").endsWith("\r\n\r\n");
        byte[] response = "HTTP/1.1 200 Connection established\r\nVia: x\r\n\r\nTLS".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer last = null;
        for (byte b : response) {
            if (h.isDone()) {
                break;
            }
            last = ByteBuffer.wrap(new byte[] { b });
            assertThat(h.received(last)).isNull();
        }
        assertThat(h.isDone()).isTrue();
        ByteBuffer rest = ByteBuffer.wrap(response);
        ProxyHandshake whole = new ProxyHandshake(HTTP, "hub.example", 5671);
        whole.start();
        whole.received(rest);
        assertThat(StandardCharsets.US_ASCII.decode(rest).toString()).isEqualTo("TLS");
    }

    @Test
    void httpRefusalsNameTheProxyAndSayWhetherTheyAreAboutCredentials() {
        ProxyException auth = refuse(HTTP, "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        assertThat(auth.isAuthentication()).isTrue();
        assertThat(auth).hasMessageContaining("HTTP proxy proxy:3128").hasMessageNotContaining("p@ss");
        ProxyException other = refuse(HTTP, "HTTP/1.1 403 Forbidden\r\n\r\n");
        assertThat(other.isAuthentication()).isFalse();
        assertThat(other).hasMessageContaining("403 Forbidden").hasMessageContaining("hub.example:443");
    }

    @Test
    void socks5WithUserAndPasswordThenDomainNameConnect() throws Exception {
        ProxyHandshake h = new ProxyHandshake(SOCKS, "hub.example", 8883);
        assertThat(bytes(h.start())).containsExactly(5, 2, 0, 2);
        assertThat(h.received(ByteBuffer.wrap(new byte[] { 5 }))).isNull();
        assertThat(bytes(h.received(ByteBuffer.wrap(new byte[] { 2 })))).containsExactly(1, 1, 'u', 2, 'p', 'w');
        byte[] connect = bytes(h.received(ByteBuffer.wrap(new byte[] { 1, 0 })));
        assertThat(connect[3]).as("domain name address type").isEqualTo((byte) 3);
        assertThat(new String(connect, 5, connect[4], StandardCharsets.US_ASCII)).isEqualTo("hub.example");
        assertThat(((connect[connect.length - 2] & 0xff) << 8) | (connect[connect.length - 1] & 0xff)).isEqualTo(8883);
        ByteBuffer reply = ByteBuffer.wrap(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0x1f, (byte) 0x90, 'X' });
        assertThat(h.received(reply)).isNull();
        assertThat(h.isDone()).isTrue();
        assertThat(reply.remaining()).as("the tunnelled byte stays").isEqualTo(1);
    }

    @Test
    void socks5RefusedCredentialsAndConnectFailuresNameTheProxy() throws Exception {
        ProxyHandshake h = new ProxyHandshake(SOCKS, "hub.example", 8883);
        h.start();
        h.received(ByteBuffer.wrap(new byte[] { 5, 2 }));
        ProxyException e = catchThrowableOfType(() -> h.received(ByteBuffer.wrap(new byte[] { 1, 1 })),
                ProxyException.class);
        assertThat(e.isAuthentication()).isTrue();
        assertThat(e).hasMessageContaining("SOCKS5 proxy socks:1080").hasMessageNotContaining("pw");

        ProxyHandshake anonymous = new ProxyHandshake(new ProxySettings(ProxySettings.Type.SOCKS, "socks", 1080, null, null),
                "hub.example", 8883);
        anonymous.start();
        ProxyException wantsAuth = catchThrowableOfType(() -> anonymous.received(ByteBuffer.wrap(new byte[] { 5, (byte) 0xff })),
                ProxyException.class);
        assertThat(wantsAuth).hasMessageContaining("proxyUsername");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(HTTP.toString()).contains("proxy:3128").doesNotContain("p@ss");
    }

    private static ProxyException refuse(ProxySettings proxy, String response) {
        ProxyHandshake h = new ProxyHandshake(proxy, "hub.example", 443);
        h.start();
        return catchThrowableOfType(() -> h.received(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII))),
                ProxyException.class);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}

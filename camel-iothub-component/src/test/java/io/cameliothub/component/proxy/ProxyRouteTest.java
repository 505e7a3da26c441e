package io.cameliothub.component.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * MQTT and MQTT_WS through real proxies started by the test: tinyproxy (HTTP CONNECT, without and with Basic
 * authentication) and microsocks (SOCKS5 with user/password). The hub's name goes to the proxy unresolved
 * (gatewayHostName=localhost, which the proxy resolves); each proxy's own log proves the tunnel went through it. A
 * proxy that refuses the credentials fails the route with an error naming the proxy, never the password.
 */
class ProxyRouteTest extends EmulatorTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static ProxyServer http;
    private static ProxyServer httpAuth;
    private static ProxyServer socks;

    @BeforeAll
    static void proxies() throws Exception {
        http = ProxyServer.tinyproxy(null, null);
        httpAuth = ProxyServer.tinyproxy("camel", "s3cret-proxy");
        socks = ProxyServer.microsocks("camel", "s3cret-socks");
    }

    @AfterAll
    static void stopProxies() throws Exception {
        for (ProxyServer p : new ProxyServer[] { http, httpAuth, socks }) {
            if (p != null) {
                p.close();
            }
        }
    }

    private static String uri(DeviceInfo device, IotHubProtocol protocol, String proxyOptions) {
        return "iothub:" + device.deviceId() + "?protocol=" + protocol + "&port=" + portOf(protocol)
               + "&connectionString=RAW(" + device.connectionString() + ")&gatewayHostName=localhost&" + proxyOptions
               + (protocol == IotHubProtocol.HTTPS ? "&pollInterval=100ms" : "");
    }

    private void roundTrip(IotHubProtocol protocol, String proxyOptions, ProxyServer proxy) throws Exception {
        DeviceInfo device = hub.registry().addDevice("proxied-" + protocol.name().toLowerCase() + "-" + IDS.incrementAndGet());
        String uri = uri(device, protocol, proxyOptions);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + device.deviceId()).to(uri);
                from(uri).to("mock:c2d-" + device.deviceId());
            }
        });
        template.sendBody("direct:" + device.deviceId(), "through the proxy");
        assertThat(hub.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT).bodyAsString())
                .isEqualTo("through the proxy");
        MockEndpoint c2d = getMockEndpoint("mock:c2d-" + device.deviceId());
        c2d.expectedBodiesReceived("back through the proxy");
        hub.sendC2d(device.deviceId(), C2dMessage.of("back through the proxy"));
        c2d.assertIsSatisfied(WAIT.toMillis());
        assertThat(proxy.log()).as("the proxy's log").contains(String.valueOf(portOf(protocol)));
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void throughAnHttpProxy(IotHubProtocol protocol) throws Exception {
        roundTrip(protocol, "proxyHost=127.0.0.1&proxyPort=" + http.port(), http);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "MQTT_WS", "AMQPS" })
    void throughAnHttpProxyWithBasicAuthentication(IotHubProtocol protocol) throws Exception {
        roundTrip(protocol, "proxyHost=127.0.0.1&proxyPort=" + httpAuth.port()
                            + "&proxyUsername=camel&proxyPassword=RAW(s3cret-proxy)", httpAuth);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "MQTT_WS", "AMQPS" })
    void throughASocks5ProxyWithUserAndPassword(IotHubProtocol protocol) throws Exception {
        roundTrip(protocol, "proxyType=SOCKS&proxyHost=127.0.0.1&proxyPort=" + socks.port()
                            + "&proxyUsername=camel&proxyPassword=RAW(s3cret-socks)", socks);
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "AMQPS" })
    void anHttpProxyThatRefusesTheCredentialsIsNamed(IotHubProtocol protocol) throws Exception {
        refused(protocol, "proxyHost=127.0.0.1&proxyPort=" + httpAuth.port() + "&proxyUsername=camel&proxyPassword=RAW(Wr0ng-pw)",
                "HTTP proxy 127.0.0.1:" + httpAuth.port());
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "AMQPS" })
    void aSocksProxyThatRefusesTheCredentialsIsNamed(IotHubProtocol protocol) throws Exception {
        refused(protocol, "proxyType=SOCKS&proxyHost=127.0.0.1&proxyPort=" + socks.port()
                + "&proxyUsername=camel&proxyPassword=RAW(Wr0ng-pw)", "SOCKS5 proxy 127.0.0.1:" + socks.port());
    }

    private void refused(IotHubProtocol protocol, String proxyOptions, String proxyName) throws Exception {
        DeviceInfo device = hub.registry().addDevice("proxy-refused-" + IDS.incrementAndGet());
        Throwable failure = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(device, protocol, proxyOptions + "&connectTimeout=3000")).to("mock:never");
            }
        }));
        StringBuilder all = new StringBuilder();
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        assertThat(all.toString()).contains(proxyName).doesNotContain("Wr0ng-pw");
        assertThat(hub.connections().totalAccepted(device.deviceId())).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "AMQPS_WS", "HTTPS" })
    void whatTheJdkHttpClientCannotDoIsRefusedNamingTheOption(IotHubProtocol protocol) {
        DeviceInfo device = hub.registry().addDevice("proxy-jdk-" + IDS.incrementAndGet());
        Throwable socks = catchThrowable(() -> context.getEndpoint(
                uri(device, protocol, "proxyType=SOCKS&proxyHost=127.0.0.1&proxyPort=" + socks().port())));
        assertThat(socks).hasStackTraceContaining("proxyType SOCKS").hasStackTraceContaining(protocol.name());
        Throwable basic = catchThrowable(() -> context.getEndpoint(uri(device, protocol, "proxyHost=127.0.0.1&proxyPort="
                + httpAuth.port() + "&proxyUsername=camel&proxyPassword=RAW(s3cret-proxy)")));
        assertThat(basic).hasStackTraceContaining("proxyUsername").hasStackTraceContaining("disabledSchemes");
        assertThat(catchThrowable(() -> context.getEndpoint(uri(device, protocol, "proxyPort=3128"))))
                .hasStackTraceContaining("proxyHost");
    }

    private static ProxyServer socks() {
        return socks;
    }
}

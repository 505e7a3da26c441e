package io.cameliothub.component.proxy;

import java.time.Duration;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Basic authentication to an HTTP proxy (tinyproxy with BasicAuth) over AMQPS_WS and HTTPS, whose JDK HTTP client
 * sends Basic credentials for a CONNECT tunnel only when the JVM runs with -Djdk.http.auth.tunneling.disabledSchemes=
 * (an empty list). The component's pom runs this class alone in a JVM with that flag (execution jdk-proxy-basic-auth);
 * elsewhere it is skipped, and ProxyRouteTest checks that such endpoints are refused naming the flag.
 */
class ProxyBasicAuthJdkClientTest extends EmulatorTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static ProxyServer proxy;

    @BeforeAll
    static void proxy() throws Exception {
        Assumptions.assumeTrue("".equals(System.getProperty("jdk.http.auth.tunneling.disabledSchemes")),
                "needs a JVM started with -Djdk.http.auth.tunneling.disabledSchemes= (the pom's jdk-proxy-basic-auth "
                + "execution runs this class so)");
        proxy = ProxyServer.tinyproxy("camel", "s3cret-proxy");
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static String uri(DeviceInfo device, IotHubProtocol protocol, String password) {
        return uriFor(device, protocol, "gatewayHostName=localhost&proxyHost=127.0.0.1&proxyPort=" + proxy.port()
                + "&proxyUsername=camel&proxyPassword=RAW(" + password + ")&connectTimeout=5000"
                + (protocol == IotHubProtocol.HTTPS ? "&pollInterval=100ms" : ""));
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "AMQPS_WS", "HTTPS" })
    void sendsAndReceivesThroughAProxyWithBasicAuthentication(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = hub.registry().addDevice("basic-auth-" + protocol.name().toLowerCase());
        String uri = uri(device, protocol, "s3cret-proxy");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + device.deviceId()).to(uri);
                from(uri).to("mock:c2d-" + device.deviceId());
            }
        });
        template.sendBody("direct:" + device.deviceId(), "through the authenticating proxy");
        assertThat(hub.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT).bodyAsString())
                .isEqualTo("through the authenticating proxy");
        MockEndpoint c2d = getMockEndpoint("mock:c2d-" + device.deviceId());
        c2d.expectedBodiesReceived("back through the proxy");
        hub.sendC2d(device.deviceId(), C2dMessage.of("back through the proxy"));
        c2d.assertIsSatisfied(WAIT.toMillis());
        assertThat(proxy.log()).contains("CONNECT localhost:" + portOf(protocol));
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "AMQPS_WS", "HTTPS" })
    void wrongCredentialsFailNamingTheProxyNotThePassword(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = hub.registry().addDevice("basic-auth-wrong-" + protocol.name().toLowerCase());
        Throwable failure = catchThrowable(() -> {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:" + device.deviceId()).to(uri(device, protocol, "Wr0ng-pw"));
                }
            });
            template.sendBody("direct:" + device.deviceId(), "never");
        });
        StringBuilder all = new StringBuilder();
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        assertThat(failure).isNotNull();
        assertThat(all.toString()).contains("127.0.0.1:" + proxy.port()).doesNotContain("Wr0ng-pw");
        assertThat(hub.connections().totalAccepted(device.deviceId())).isZero();
    }
}

package io.cameliothub.component.emulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the emulator guide tells a user to do, without a hosts file and without building a TLS context by hand: the hub
 * keeps a name nothing resolves, the endpoint connects to localhost with gatewayHostName (the certificate names
 * localhost), and the trust comes from the emulator's trust store file as Camel's global SSLContextParameters
 * (camel.ssl.* in Camel Main) with useGlobalSslContextParameters=true. Every transport, over the real wire.
 */
class LocalhostAndGlobalTrustTest extends CamelTestSupport {

    private static final String UNRESOLVABLE = "unlisted.iothub.test";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static IotHubEmulator hub;

    @BeforeAll
    static void startHub() {
        hub = IotHubEmulator.builder().hostName(UNRESOLVABLE).mqttPort(0).amqpPort(0).httpsPort(0).start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + hub.trustStorePath());
        trustStore.setPassword(hub.trustStorePassword());
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters global = new SSLContextParameters();
        global.setTrustManagers(trust);
        context.setSSLContextParameters(global);
        context.getComponent("iothub", IotHubComponent.class).setUseGlobalSslContextParameters(true);
        return context;
    }

    private static int port(IotHubProtocol protocol) {
        return switch (protocol) {
            case MQTT -> hub.mqttPort();
            case AMQPS -> hub.amqpPort();
            default -> hub.httpsPort();
        };
    }

    private static String uri(DeviceInfo device, IotHubProtocol protocol) {
        return "iothub:" + device.deviceId() + "?protocol=" + protocol + "&port=" + port(protocol)
               + "&gatewayHostName=localhost&connectionString=RAW(" + device.connectionString() + ")";
    }

    @Test
    void theHubsNameResolvesNowhere() {
        assertThatThrownBy(() -> InetAddress.getByName(UNRESOLVABLE)).isInstanceOf(UnknownHostException.class);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void sendsThroughLocalhostTrustingTheEmulatorsTrustStore(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = hub.registry().addDevice("local-" + protocol.name().toLowerCase());
        String uri = uri(device, protocol);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + device.deviceId()).to(uri);
            }
        });

        template.sendBody("direct:" + device.deviceId(), "via localhost over " + protocol);

        assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT).bodyAsString())
                .isEqualTo("via localhost over " + protocol);
    }

    @Test
    void receivesThroughLocalhost() throws Exception {
        DeviceInfo device = hub.registry().addDevice("local-c2d");
        String uri = uri(device, IotHubProtocol.MQTT);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:c2d");
            }
        });
        MockEndpoint mock = getMockEndpoint("mock:c2d");
        mock.expectedBodiesReceived("switch on");

        hub.sendC2d(device.deviceId(), C2dMessage.of("switch on"));

        mock.assertIsSatisfied(WAIT.toMillis());
    }
}

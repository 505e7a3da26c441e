package io.cameliothub.component.guide;

// tag::test[]
import java.time.Duration;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryRouteTest extends CamelTestSupport {

    // an IoT Hub on free ports of this machine, for the tests of this class; device-1 is registered
    @RegisterExtension
    static IotHubEmulatorExtension hub = IotHubEmulatorExtension.builder().device("device-1").build();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // trust the emulator's certificate: its trust store file as Camel TLS settings
        KeyStoreParameters trustStore = new KeyStoreParameters();
        trustStore.setResource("file:" + hub.trustStorePath());
        trustStore.setPassword(hub.trustStorePassword());
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(trustStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);

        IotHubComponent iothub = context.getComponent("iothub", IotHubComponent.class);
        iothub.getConfiguration().setSslContextParameters(tls);
        iothub.getConfiguration().setConnectionString(hub.deviceConnectionString("device-1"));
        iothub.getConfiguration().setGatewayHostName("localhost");   // no hosts file: the certificate names localhost
        iothub.getConfiguration().setPort(hub.mqttPort());           // MQTT, the default protocol
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {                                   // the routes under test
            @Override
            public void configure() {
                from("direct:reading").to("iothub:device-1?bodyFormat=JSON");
                from("iothub:device-1").to("mock:commands");
            }
        };
    }

    @Test
    void telemetryReachesTheHub() {
        template.sendBody("direct:reading", java.util.Map.of("temperature", 21.5));

        D2cEvent event = hub.events().await(e -> e.deviceId().equals("device-1"), Duration.ofSeconds(10));
        assertThat(event.bodyAsString()).isEqualTo("{\"temperature\":21.5}");
        assertThat(event.contentType()).isEqualTo("application/json");
    }

    @Test
    void commandsReachTheRoute() throws Exception {
        MockEndpoint commands = getMockEndpoint("mock:commands");
        commands.expectedBodiesReceived("open the vents");

        hub.sendC2d("device-1", C2dMessage.builder().body("open the vents").property("mode", "auto").build());

        commands.assertIsSatisfied(10_000);
        assertThat(commands.getReceivedExchanges().get(0).getMessage().getHeader("mode")).isEqualTo("auto");
    }
}
// end::test[]

package io.cameliothub.component.x509;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.tls.ClientCertificate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field gateway of X.509 devices over AMQPS: a certificate is the identity of the TLS connection that presents it,
 * so each device gets an AMQP connection of its own (SAS devices share one), and each sends and receives on it.
 */
class X509GatewayTest extends EmulatorTestSupport {

    private static final int DEVICES = 4;

    @BeforeAll
    static void tempDir() throws Exception {
        X509RouteTest.tempDir();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        X509RouteTest.cleanUp();
    }

    @Test
    void eachCertificateDeviceHasItsOwnConnection() throws Exception {
        int before = hub.amqp().liveConnections();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            String id = "x509-gw-" + i;
            ClientCertificate cert = hub.addX509Device(id);
            context.getRegistry().bind("tls-" + id, X509RouteTest.deviceTls(cert, id));
            ids.add(id);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String id : ids) {
                    String uri = X509RouteTest.x509Uri(id, IotHubProtocol.AMQPS, "tls-" + id, null);
                    from("direct:" + id).to(uri);
                    from(uri).to("mock:c2d-" + id);
                }
            }
        });
        assertThat(hub.amqp().liveConnections() - before).isEqualTo(DEVICES);
        assertThat(hub.amqp().devicesPerConnection()).allMatch(n -> n <= 1);

        for (String id : ids) {
            template.sendBody("direct:" + id, "from " + id);
            getMockEndpoint("mock:c2d-" + id).expectedBodiesReceived("to " + id);
            hub.sendC2d(id, C2dMessage.of("to " + id));
        }
        for (String id : ids) {
            assertThat(hub.events().await(e -> e.deviceId().equals(id), Duration.ofSeconds(10)).bodyAsString())
                    .isEqualTo("from " + id);
        }
        MockEndpoint.assertIsSatisfied(context, 10, java.util.concurrent.TimeUnit.SECONDS);
    }
}

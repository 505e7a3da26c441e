package io.cameliothub.component.x509;

import java.time.Duration;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.X509Credentials;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A rotated certificate (a new key store written over the file sslContextParameters names) is presented at the next
 * reconnect, without restarting the route; a key store that cannot be opened fails the endpoint naming the option and
 * never the password.
 */
class X509RotationTest extends EmulatorTestSupport {

    @BeforeAll
    static void tempDir() throws Exception {
        X509RouteTest.tempDir();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        X509RouteTest.cleanUp();
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "AMQPS" })
    void aRotatedCertificateIsPresentedAtTheNextReconnect(IotHubProtocol protocol) throws Exception {
        String id = "x509-rotate-" + protocol.name().toLowerCase();
        ClientCertificate first = hub.addX509Device(id);
        context.getRegistry().bind("tls-" + id, X509RouteTest.deviceTls(first, id));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).to(X509RouteTest.x509Uri(id, protocol, "tls-" + id, null));
            }
        });
        template.sendBody("direct:" + id, "with the first certificate");
        hub.events().await(e -> e.deviceId().equals(id), Duration.ofSeconds(10));

        // the hub now knows only the second certificate; the device's file is replaced, then the connection drops
        ClientCertificate second = CertificateAuthority.selfSigned(id);
        hub.core().x509().register(Identity.device(id), X509Credentials.Type.SELF_SIGNED, second.thumbprint(), null);
        X509RouteTest.deviceTls(second, id);
        hub.faults().dropConnection(id);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(hub.connections().totalAccepted(id)).isEqualTo(2));
        template.sendBody("direct:" + id, "with the second certificate");
        assertThat(hub.events().await(e -> e.deviceId().equals(id) && e.bodyAsString().contains("second"),
                Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void aKeyStoreThatCannotBeOpenedNamesTheOptionNotThePassword() throws Exception {
        String id = "x509-badpass";
        ClientCertificate cert = hub.addX509Device(id);
        SSLContextParameters tls = X509RouteTest.deviceTls(cert, id);
        tls.getKeyManagers().getKeyStore().setPassword("Wr0ngPassw0rd");
        tls.getKeyManagers().setKeyPassword("Wr0ngPassw0rd");
        context.getRegistry().bind("tls-" + id, tls);
        Throwable failure = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(X509RouteTest.x509Uri(id, IotHubProtocol.MQTT, "tls-" + id, null)).to("mock:never");
            }
        }));
        StringBuilder all = new StringBuilder();
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        assertThat(all.toString()).contains("sslContextParameters").doesNotContain("Wr0ngPassw0rd");
    }
}

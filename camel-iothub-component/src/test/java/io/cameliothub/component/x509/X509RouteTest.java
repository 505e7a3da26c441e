package io.cameliothub.component.x509;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.tls.ClientCertificate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A device that authenticates with an X.509 client certificate (its key in sslContextParameters' key managers, a
 * connection string with x509=true) sends D2C and receives C2D over each of the five transports, AMQPS_WS included.
 */
class X509RouteTest extends EmulatorTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static Path dir;

    @BeforeAll
    static void tempDir() throws Exception {
        dir = Files.createTempDirectory("iothub-x509");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /** sslContextParameters with the device's PKCS12 as key store and the hub's trust store. */
    static SSLContextParameters deviceTls(ClientCertificate cert, String deviceId) throws Exception {
        Path p12 = dir.resolve(deviceId + ".p12");
        cert.writePkcs12(p12, "secret".toCharArray());
        KeyStoreParameters keys = new KeyStoreParameters();
        keys.setResource("file:" + p12.toAbsolutePath());
        keys.setPassword("secret");
        keys.setType("PKCS12");
        KeyManagersParameters km = new KeyManagersParameters();
        km.setKeyStore(keys);
        km.setKeyPassword("secret");
        SSLContextParameters ssl = hubTls();
        ssl.setKeyManagers(km);
        return ssl;
    }

    static String x509Uri(String deviceId, IotHubProtocol protocol, String sslBean, String extra) {
        return "iothub:" + deviceId + "?protocol=" + protocol + "&port=" + portOf(protocol)
               + "&connectionString=RAW(HostName=" + hub.hostName() + ";DeviceId=" + deviceId + ";x509=true)"
               + "&sslContextParameters=#" + sslBean + (protocol == IotHubProtocol.HTTPS ? "&pollInterval=100ms" : "")
               + (extra == null ? "" : "&" + extra);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void aCertificateDeviceSendsAndReceives(IotHubProtocol protocol) throws Exception {
        String id = "x509-" + protocol.name().toLowerCase() + "-" + IDS.incrementAndGet();
        ClientCertificate cert = hub.addX509Device(id);
        context.getRegistry().bind("tls-" + id, deviceTls(cert, id));
        String uri = x509Uri(id, protocol, "tls-" + id, null);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).to(uri);
                from(uri).to("mock:c2d-" + id);
            }
        });

        template.sendBody("direct:" + id, "by certificate over " + protocol);
        D2cEvent event = hub.events().await(e -> e.deviceId().equals(id), WAIT);
        assertThat(event.bodyAsString()).isEqualTo("by certificate over " + protocol);
        assertThat(event.protocol().name()).isEqualTo(protocol.name());
        assertThat(event.systemProperties().get("iothub-connection-auth-method")).contains("\"type\":\"x509Certificate\"");

        MockEndpoint c2d = getMockEndpoint("mock:c2d-" + id);
        c2d.expectedBodiesReceived("command for " + id);
        hub.sendC2d(id, C2dMessage.of("command for " + id));
        c2d.assertIsSatisfied(WAIT.toMillis());
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void aCertificateTheHubDoesNotKnowIsRefusedWithoutRetrying(IotHubProtocol protocol) throws Exception {
        String id = "x509-wrong-" + protocol.name().toLowerCase() + "-" + IDS.incrementAndGet();
        hub.addX509Device(id);
        context.getRegistry().bind("tls-" + id, deviceTls(CertificateAuthority.selfSigned(id), id));
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(x509Uri(id, protocol, "tls-" + id, null)).to("mock:never");
            }
        }));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        IotHubException refusal = find(failure, IotHubException.class);
        assertThat(refusal).as("refusal in %s", failure).isNotNull();
        assertThat(refusal).hasMessageContaining(id);
        assertThat(refusal.isRetryable()).isFalse();
        assertThat(elapsedMillis).as("no retry storm").isLessThan(10_000);
        assertThat(hub.connections().totalAccepted(id)).isZero();
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}

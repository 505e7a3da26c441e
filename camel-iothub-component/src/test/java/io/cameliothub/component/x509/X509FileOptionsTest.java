package io.cameliothub.component.x509;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.X509Credentials;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The certificate file options: PEM certificate and key (certificateFile, privateKeyFile) and PKCS12 (keyStoreFile,
 * keyStorePassword), the hub's trust still from the component's sslContextParameters. A device sends and receives
 * with them; a rotated PEM pair is presented at the next reconnect; bad files fail the route naming the option, never
 * the password.
 */
class X509FileOptionsTest extends EmulatorTestSupport {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "p12-S3cret";
    private static Path dir;

    @BeforeAll
    static void tempDir() throws Exception {
        dir = Files.createTempDirectory("iothub-x509-files");
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

    private static String uri(String id, IotHubProtocol protocol, String fileOptions) {
        return "iothub:" + id + "?protocol=" + protocol + "&port=" + portOf(protocol) + "&hostName=" + hub.hostName()
               + "&" + fileOptions + (protocol == IotHubProtocol.HTTPS ? "&pollInterval=100ms" : "");
    }

    private static String pemOptions(ClientCertificate cert, String id) throws Exception {
        Path pem = dir.resolve(id + ".pem");
        Path key = dir.resolve(id + ".key.pem");
        cert.writePem(pem, key);
        return "certificateFile=" + pem + "&privateKeyFile=" + key;
    }

    private static String pkcs12Options(ClientCertificate cert, String id) throws Exception {
        Path p12 = dir.resolve(id + ".p12");
        cert.writePkcs12(p12, PASSWORD.toCharArray());
        return "keyStoreFile=" + p12 + "&keyStorePassword=RAW(" + PASSWORD + ")";
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "AMQPS_WS" })
    void pemFilesAuthenticateTheDevice(IotHubProtocol protocol) throws Exception {
        String id = "pem-" + protocol.name().toLowerCase() + "-" + IDS.incrementAndGet();
        roundTrip(id, protocol, pemOptions(hub.addX509Device(id), id));
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "AMQPS", "HTTPS" })
    void aPkcs12FileAuthenticatesTheDevice(IotHubProtocol protocol) throws Exception {
        String id = "p12-" + protocol.name().toLowerCase() + "-" + IDS.incrementAndGet();
        roundTrip(id, protocol, pkcs12Options(hub.addX509Device(id), id));
    }

    private void roundTrip(String id, IotHubProtocol protocol, String fileOptions) throws Exception {
        String uri = uri(id, protocol, fileOptions);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).to(uri);
                from(uri).to("mock:c2d-" + id);
            }
        });
        template.sendBody("direct:" + id, "by certificate file over " + protocol);
        D2cEvent event = hub.events().await(e -> e.deviceId().equals(id), WAIT);
        assertThat(event.bodyAsString()).isEqualTo("by certificate file over " + protocol);
        assertThat(event.systemProperties().get("iothub-connection-auth-method")).contains("\"type\":\"x509Certificate\"");
        MockEndpoint c2d = getMockEndpoint("mock:c2d-" + id);
        c2d.expectedBodiesReceived("command for " + id);
        hub.sendC2d(id, C2dMessage.of("command for " + id));
        c2d.assertIsSatisfied(WAIT.toMillis());
    }

    @Test
    void rotatedPemFilesArePresentedAtTheNextReconnect() throws Exception {
        String id = "pem-rotate-" + IDS.incrementAndGet();
        String uri = uri(id, IotHubProtocol.MQTT, pemOptions(hub.addX509Device(id), id));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).to(uri);
            }
        });
        template.sendBody("direct:" + id, "with the first certificate");
        hub.events().await(e -> e.deviceId().equals(id), WAIT);

        ClientCertificate second = CertificateAuthority.selfSigned(id);
        hub.core().x509().register(Identity.device(id), X509Credentials.Type.SELF_SIGNED, second.thumbprint(), null);
        pemOptions(second, id); // written over the first pair
        hub.faults().dropConnection(id);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.connections().totalAccepted(id)).isEqualTo(2));
        template.sendBody("direct:" + id, "with the second certificate");
        assertThat(hub.events().await(e -> e.deviceId().equals(id) && e.bodyAsString().contains("second"), WAIT))
                .isNotNull();
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.pem");
        assertThat(startFailure("pem-missing", "certificateFile=" + missing + "&privateKeyFile=" + missing))
                .contains("certificateFile " + missing).contains("does not exist");
    }

    @Test
    void aWrongKeyStorePasswordIsNamedButNotShown() throws Exception {
        String id = "p12-badpass";
        ClientCertificate cert = hub.addX509Device(id);
        String options = pkcs12Options(cert, id).replace(PASSWORD, "Wr0ng-Passw0rd");
        assertThat(startFailure(id, options)).contains("keyStoreFile").contains("keyStorePassword")
                .doesNotContain("Wr0ng-Passw0rd").doesNotContain(PASSWORD);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNamed() throws Exception {
        String id = "pem-mismatch";
        Path pem = dir.resolve(id + ".pem");
        Path key = dir.resolve(id + ".key.pem");
        hub.addX509Device(id).writePem(pem, dir.resolve(id + ".unused.key.pem"));
        CertificateAuthority.selfSigned(id).writePem(dir.resolve(id + ".other.pem"), key);
        assertThat(startFailure(id, "certificateFile=" + pem + "&privateKeyFile=" + key))
                .contains("privateKeyFile " + key).contains("is not the private key of the certificate");
    }

    @Test
    void anExpiredCertificateIsNamedBeforeAnyConnection() throws Exception {
        String id = "pem-expired";
        hub.registry().addDevice(id);
        ClientCertificate expired = CertificateAuthority.selfSigned(id, Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)));
        hub.core().x509().register(Identity.device(id), X509Credentials.Type.SELF_SIGNED, expired.thumbprint(), null);
        assertThat(startFailure(id, pemOptions(expired, id))).contains("certificateFile").contains("expired at");
        assertThat(hub.connections().totalAccepted(id)).isZero();
    }

    @Test
    void inconsistentOptionsAreRefusedWhenTheEndpointIsCreated() {
        assertThat(catchThrowable(() -> context.getEndpoint(uri("d1", IotHubProtocol.MQTT, "certificateFile=/x.pem"))))
                .hasStackTraceContaining("privateKeyFile is missing");
        assertThat(catchThrowable(() -> context.getEndpoint(uri("d1", IotHubProtocol.MQTT,
                "keyStoreFile=/x.p12&certificateFile=/x.pem&privateKeyFile=/k.pem"))))
                .hasStackTraceContaining("keyStoreFile and certificateFile/privateKeyFile are both set");
        assertThat(catchThrowable(() -> context.getEndpoint(uri("d1", IotHubProtocol.MQTT,
                "keyStorePassword=RAW(" + PASSWORD + ")"))))
                .hasStackTraceContaining("keyStoreFile is missing").satisfies(t -> assertThat(chain(t)).doesNotContain(PASSWORD));
        assertThat(catchThrowable(() -> context.getEndpoint(uri("d1", IotHubProtocol.MQTT,
                "keyStoreFile=/x.p12&sharedAccessKey=RAW(" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ")"))))
                .hasStackTraceContaining("ambiguous");
    }

    private String startFailure(String id, String fileOptions) {
        Throwable failure = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(id, IotHubProtocol.MQTT, fileOptions)).to("mock:never");
            }
        }));
        assertThat(failure).as("the route must not start").isNotNull();
        return chain(failure);
    }

    private static String chain(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}

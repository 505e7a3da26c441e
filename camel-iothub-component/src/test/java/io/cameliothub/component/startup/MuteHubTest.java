package io.cameliothub.component.startup;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub that accepts the TCP connection and then never answers: once with TLS never starting (the server sends
 * nothing), once with TLS completed and the protocol never answered (no CONNACK, no AMQP header, no HTTP upgrade or
 * response). The component's connect gives up after connectTimeout with an error that says so, tries again, and a send
 * fails by sendTimeout rather than hanging.
 */
class MuteHubTest extends EmulatorTestSupport {

    private static Vertx vertx;
    private static NetServer tcpOnly;
    private static NetServer tlsOnly;
    private static final AtomicInteger TCP_ACCEPTS = new AtomicInteger();
    private static final AtomicInteger TLS_ACCEPTS = new AtomicInteger();

    @BeforeAll
    static void startMuteServers() throws Exception {
        vertx = Vertx.vertx();
        tcpOnly = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
                .connectHandler(so -> {
                    TCP_ACCEPTS.incrementAndGet();
                    so.handler(ignored -> { });
                }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        tlsOnly = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(hub.tls().keyCertOptions()))
                .connectHandler(so -> {
                    TLS_ACCEPTS.incrementAndGet();
                    so.handler(ignored -> { });
                }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopMuteServers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void tlsNeverStarts(IotHubProtocol protocol) throws Exception {
        probe(protocol, tcpOnly.actualPort(), TCP_ACCEPTS);
    }

    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void theProtocolIsNeverAnswered(IotHubProtocol protocol) throws Exception {
        probe(protocol, tlsOnly.actualPort(), TLS_ACCEPTS);
    }

    private void probe(IotHubProtocol protocol, int port, AtomicInteger accepts) throws Exception {
        DeviceInfo device = hub.registry().addDevice("mute-" + protocol + "-" + port);
        String uri = uriFor(device, protocol, "connectTimeout=500ms&sendTimeout=2s").replace(
                "&port=" + portOf(protocol), "&port=" + port);
        int before = accepts.get();
        long start = System.nanoTime();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + device.deviceId()).to(uri);
            }
        });
        long startMillis = (System.nanoTime() - start) / 1_000_000;
        long sendStart = System.nanoTime();
        Exchange sent = template.send("direct:" + device.deviceId(), e -> e.getMessage().setBody("to nobody"));
        long sendMillis = (System.nanoTime() - sendStart) / 1_000_000;
        assertThat(startMillis).as("the route start waits connectTimeout (0.5 s), not longer").isLessThan(4_000);
        assertThat(sendMillis).as("the send fails by sendTimeout (2 s), nothing hangs").isBetween(1_500L, 6_000L);
        // e.g. "No connection to hub.iothub.test:PORT within 500 ms", "No AMQP connection to ... within 500 ms" (AMQP's
        // own connect deadline), "Cannot reach IoT Hub ... (DELETE ...): HTTP connect timed out" (HTTPS)
        String message = sent.getException().getMessage();
        assertThat(message).contains("did not acknowledge the message within 2000ms; the device is not connected: ")
                .containsPattern("connection to hub\\.iothub\\.test:" + port + " within 500 ms|Cannot reach IoT Hub .*timed out");
        List<String> parts = List.of(message.split(": "));
        assertThat(parts).as("no cause told twice").doesNotHaveDuplicates();
        assertThat(accepts.get() - before).as("the connect was tried again").isGreaterThanOrEqualTo(2);
    }
}

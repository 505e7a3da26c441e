package io.cameliothub.component.startup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * response), once answering every write with bytes of no protocol. The component's connect gives up after connectTimeout with an error that says so, tries again, and a send
 * fails by sendTimeout rather than hanging, with an error that names the cause and quotes nothing raw.
 */
class MuteHubTest extends EmulatorTestSupport {

    private static Vertx vertx;
    private static NetServer tcpOnly;
    private static NetServer tlsOnly;
    private static NetServer garbage;
    private static final AtomicInteger TCP_ACCEPTS = new AtomicInteger();
    private static final AtomicInteger TLS_ACCEPTS = new AtomicInteger();
    private static final AtomicInteger GARBAGE_ACCEPTS = new AtomicInteger();

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
        startGarbageServer();
    }

    /** Completes TLS, then answers whatever comes with bytes of no protocol (a misconfigured port or proxy). */
    private static void startGarbageServer() throws Exception {
        byte[] noise = new byte[300];
        new java.util.Random(7).nextBytes(noise);
        garbage = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                        .setKeyCertOptions(hub.tls().keyCertOptions()))
                .connectHandler(so -> {
                    GARBAGE_ACCEPTS.incrementAndGet();
                    so.handler(ignored -> so.write(io.vertx.core.buffer.Buffer.buffer(noise)));
                }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopMuteServers() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The three hubs at once: three routes, three sends in parallel, each checked. */
    @ParameterizedTest
    @EnumSource(IotHubProtocol.class)
    void aHubThatNeverAnswersOrAnswersGarbage(IotHubProtocol protocol) throws Exception {
        int tcp = tcpOnly.actualPort();
        int tls = tlsOnly.actualPort();
        int noise = garbage.actualPort();
        List<Probe> probes = List.of(
                new Probe("TLS never starts", tcp, TCP_ACCEPTS, silence(tcp)),
                new Probe("the protocol is never answered", tls, TLS_ACCEPTS, silence(tls)),
                new Probe("garbage", noise, GARBAGE_ACCEPTS, switch (protocol) {
                    case MQTT -> "Cannot connect to hub\\.iothub\\.test:" + noise + ": the answer is not MQTT";
                    case AMQPS -> "The AMQP connection to hub\\.iothub\\.test:" + noise + " failed: AMQP protocol error";
                    // the JDK's WebSocket client quotes the status line; or the connect deadline came first
                    case AMQPS_WS -> "WebSocket upgrade at wss://hub\\.iothub\\.test:" + noise
                                     + "/.* failed: Invalid status line|" + silence(noise);
                    case HTTPS -> "Cannot reach IoT Hub .*: Invalid status line";
                    case MQTT_WS -> silence(noise); // Paho's WebSocket handshake waits for a status line it can read
                }));
        Map<Probe, Integer> before = new HashMap<>();
        Map<Probe, String> endpoints = new HashMap<>();
        for (Probe p : probes) {
            DeviceInfo device = hub.registry().addDevice("mute-" + protocol + "-" + p.port());
            endpoints.put(p, "direct:" + device.deviceId());
            before.put(p, p.accepts().get());
            // lazyStartProducer: the three connects run in parallel, in the sends (a route start waits connectTimeout
            // before it goes on: UnreachableHubTest)
            String uri = uriFor(device, protocol, "connectTimeout=1s&sendTimeout=2500ms&lazyStartProducer=true")
                    .replace("&port=" + portOf(protocol), "&port=" + p.port());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(endpoints.get(p)).to(uri);
                }
            });
        }
        long sendStart = System.nanoTime();
        Map<Probe, CompletableFuture<Exchange>> sends = new HashMap<>();
        probes.forEach(p -> sends.put(p, template.asyncSend(endpoints.get(p), e -> e.getMessage().setBody("to nobody"))));
        for (Probe p : probes) {
            Exchange sent = sends.get(p).get(10, TimeUnit.SECONDS);
            String message = sent.getException().getMessage();
            assertThat(message).as(p.what())
                    .contains("did not acknowledge the message within 2500ms; the device is not connected: ")
                    .containsPattern(p.why()).doesNotContainPattern("\\p{Cntrl}");
            assertThat(message.length()).as("%s: what the peer sent is quoted cut short", p.what()).isLessThan(1_000);
            assertThat(List.of(message.split(": "))).as("%s: no cause told twice", p.what()).doesNotHaveDuplicates();
            assertThat(p.accepts().get() - before.get(p)).as("%s: the connect was tried again", p.what())
                    .isGreaterThanOrEqualTo(2);
        }
        assertThat((System.nanoTime() - sendStart) / 1_000_000).as("the sends fail by connectTimeout + sendTimeout (3.5 s), "
                                                                      + "nothing hangs").isBetween(2_000L, 8_000L);
    }

    private record Probe(String what, int port, AtomicInteger accepts, String why) {
    }

    // e.g. "No connection to hub.iothub.test:PORT within 1000 ms", "No AMQP connection to ... within 1000 ms" (AMQP's
    // own connect deadline), "Cannot reach IoT Hub ... (DELETE ...): HTTP connect timed out" (HTTPS)
    private static String silence(int port) {
        return "connection to hub\\.iothub\\.test:" + port + " within 1000 ms|Cannot reach IoT Hub .*timed out";
    }
}

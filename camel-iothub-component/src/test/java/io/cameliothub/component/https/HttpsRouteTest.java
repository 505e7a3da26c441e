package io.cameliothub.component.https;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;
import io.cameliothub.component.RecordingExceptionHandler;
import io.cameliothub.component.transport.HttpsHubException;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.HubLimits;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.Protocol;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.processor.aggregate.GroupedMessageAggregationStrategy;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS, end to end against the emulator's device REST API over TLS: the wire-agnostic tests where they apply, plus
 * batches, polling and settling, lock expiry, throttling and refusals.
 */
class HttpsRouteTest extends IotHubRouteTestSupport {

    /** Polls fast in tests; the default is IoT Hub's 25 minutes. */
    private static final String FAST_POLL = "pollInterval=100ms";
    private static final AtomicInteger ROUTES = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(HttpsRouteTest.class);

    private final List<IotHubEmulator> extraHubs = new ArrayList<>();

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.HTTPS;
    }

    @Override
    protected String uri(DeviceInfo device, String extraOptions) {
        return super.uri(device, extraOptions == null ? FAST_POLL : FAST_POLL + "&" + extraOptions);
    }

    @AfterEach
    void stopExtraHubs() {
        hub.faults().reset();
        extraHubs.forEach(IotHubEmulator::close);
    }

    /** A second emulator with other limits, trusted like the first (same certificate). */
    private IotHubEmulator hubWith(HubLimits limits) {
        IotHubEmulator other = IotHubEmulator.builder().hostName("hub.iothub.test").mqttPort(0).amqpPort(0).httpsPort(0)
                .tls(hub.tls()).limits(limits).start();
        extraHubs.add(other);
        return other;
    }

    private static String uriOn(IotHubEmulator target, DeviceInfo device, String options) {
        return "iothub:" + device.deviceId() + "?protocol=HTTPS&port=" + target.httpsPort() + "&connectionString=RAW("
               + device.connectionString() + ")&" + options;
    }

    private String directRoute(String to) throws Exception {
        String from = "direct:https-" + ROUTES.incrementAndGet();
        route(from, to);
        return from;
    }

    // ---- the wire-agnostic tests, adapted where HTTPS differs ----

    @Test
    @Override
    protected void sendsSystemAndAwkwardApplicationPropertiesToTheHub() throws Exception {
        DeviceInfo device = newDevice("d2c");
        String from = directRoute(uri(device, null));

        Instant created = Instant.parse("2026-11-26T10:15:30.123Z");
        template.send(from, exchange -> {
            exchange.getMessage().setBody("{\"temperature\":21.5}");
            exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, "msg-1");
            exchange.getMessage().setHeader(IotHubConstants.CORRELATION_ID, "corr-1");
            exchange.getMessage().setHeader(IotHubConstants.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(IotHubConstants.CONTENT_ENCODING, "utf-8");
            exchange.getMessage().setHeader(IotHubConstants.CREATION_TIME, created);
            exchange.getMessage().setHeader("color", "red & blue");
            exchange.getMessage().setHeader("x-y", "1=2");
            exchange.getMessage().setHeader("percent", "100%");
            exchange.getMessage().setHeader("count", 42);
            exchange.getMessage().setHeader("CamelInternal", "must not travel");
        });

        D2cEvent event = hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT);
        assertThat(event.protocol()).isEqualTo(Protocol.HTTPS);
        assertThat(event.bodyAsString()).isEqualTo("{\"temperature\":21.5}");
        assertThat(event.messageId()).isEqualTo("msg-1");
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.contentEncoding()).isEqualTo("utf-8");
        assertThat(event.systemProperties()).containsEntry("iothub-creation-time-utc", created.toString())
                .containsEntry("iothub-connection-device-id", device.deviceId());
        assertThat(event.applicationProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("color", "red & blue", "x-y", "1=2", "percent", "100%", "count", "42"));
    }

    @Test
    void propertiesThatHttpHeadersCannotCarryFailBeforeSending() throws Exception {
        DeviceInfo device = newDevice("awkward");
        String from = directRoute(uri(device, null));

        Exchange spaced = template.send(from, e -> {
            e.getMessage().setBody("x");
            e.getMessage().setHeader("a b", "c");
        });
        Exchange unicode = template.send(from, e -> {
            e.getMessage().setBody("x");
            e.getMessage().setHeader("snow", "☃");
        });

        assertThat(spaced.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a b' cannot travel over HTTPS");
        assertThat(unicode.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("property 'snow'");
        assertThat(hub.events().forDevice(device.deviceId())).isEmpty();
    }

    @Test
    @Override
    protected void receivesCloudToDeviceMessagesWithTheirProperties() throws Exception {
        DeviceInfo device = newDevice("c2d");
        route(uri(device, null), "mock:c2d-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:c2d-" + device.deviceId());
        mock.expectedBodiesReceived("switch on");

        String id = hub.sendC2d(device.deviceId(), C2dMessage.builder().body("switch on").messageId("cmd-1")
                .correlationId("corr-9").contentType("text/plain").property("color", "red & blue")
                .property("x-y", "1=2").build());

        mock.assertIsSatisfied(WAIT.toMillis());
        Map<String, Object> headers = mock.getReceivedExchanges().get(0).getMessage().getHeaders();
        assertThat(headers).containsEntry(IotHubConstants.MESSAGE_ID, "cmd-1")
                .containsEntry(IotHubConstants.CORRELATION_ID, "corr-9")
                .containsEntry(IotHubConstants.CONTENT_TYPE, "text/plain")
                .containsEntry(IotHubConstants.DELIVERY_COUNT, 1)
                .containsEntry("color", "red & blue")
                .containsEntry("x-y", "1=2")
                .containsKeys(IotHubConstants.LOCK_TOKEN, IotHubConstants.SEQUENCE_NUMBER, IotHubConstants.ENQUEUED_TIME);
        assertThat((String) headers.get(IotHubConstants.TO)).isEqualToIgnoringCase(
                "/devices/" + device.deviceId() + "/messages/devicebound");
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entry(id))
                .get().extracting(C2dEntry::state).isEqualTo(C2dState.COMPLETED));
    }

    @Test
    @Override
    protected void aModuleSendsAndReceivesAsItself() throws Exception {
        DeviceInfo device = newDevice("mod");
        ModuleInfo module = hub.registry().addModule(device.deviceId(), "module-a");
        String uri = "iothub:" + device.deviceId() + "/module-a?protocol=HTTPS&port=" + hub.httpsPort() + "&"
                     + FAST_POLL + "&connectionString=RAW(" + module.connectionString() + ")";
        String from = directRoute(uri);
        route(uri, "mock:mod-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:mod-" + device.deviceId());
        mock.expectedBodiesReceived("to the module");

        template.sendBody(from, "from the module");
        hub.sendC2d(device.deviceId(), "module-a", C2dMessage.builder().body("to the module").messageId("m-1").build());

        D2cEvent event = hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT);
        assertThat(event.moduleId()).isEqualTo("module-a");
        assertThat(event.systemProperties()).containsEntry("iothub-connection-module-id", "module-a");
        mock.assertIsSatisfied(WAIT.toMillis());
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.core().c2dQueue(
                Identity.module(device.deviceId(), "module-a")).entry("m-1"))
                .get().extracting(C2dEntry::state).isEqualTo(C2dState.COMPLETED));
    }

    @Test
    @Disabled("HTTPS keeps no connection for the hub to drop: each request stands alone (see aStreamOfSingleSends...)")
    @Override
    protected void nothingIsLostWhenTheHubDropsTheConnectionMidStream() {
    }

    @Test
    void aStreamOfSingleSendsAllArriveWithPipelinedRequests() throws Exception {
        DeviceInfo device = newDevice("stream");
        long start = System.nanoTime();
        StreamResult result = stream(device, "maxInFlight=16", 400, sent -> { });
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.failed()).isEmpty();
        Set<String> accepted = hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::messageId)
                .collect(Collectors.toSet());
        assertThat(accepted).containsAll(result.succeeded()).hasSize(400);
        LOG.info("400 single HTTPS sends took {} ms", millis);
    }

    @Test
    @Override
    protected void shortLivedTokensAreRenewedWithoutLosingMessages() throws Exception {
        // no clock skew allowance: a token used past its 2 s would be refused
        IotHubEmulator strict = hubWith(HubLimits.defaults().withSasClockSkew(Duration.ZERO));
        DeviceInfo device = strict.registry().addDevice("ttl-https");
        String from = directRoute(uriOn(strict, device, "sasTokenTimeToLive=2s"));

        for (int i = 0; i < 25; i++) {
            template.sendBodyAndHeader(from, "n" + i, IotHubConstants.MESSAGE_ID, "ttl-" + i);
            sleep(200);
        }

        assertThat(strict.events().forDevice(device.deviceId())).extracting(D2cEvent::messageId)
                .containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "ttl-" + i).toList());
    }

    // ---- batches ----

    @Test
    void aListBodyIsSentAsOneBatchWithEachMessagesProperties() throws Exception {
        DeviceInfo device = newDevice("batch");
        String from = directRoute(uri(device, null));
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = new DefaultMessage(context);
            m.setBody("reading " + i);
            m.setHeader(IotHubConstants.MESSAGE_ID, "b-" + i);
            m.setHeader("index", i);
            items.add(m);
        }
        items.add("plain string");
        items.add(new byte[] {0, 1, 2, (byte) 0xff});

        template.sendBodyAndHeader(from, items, IotHubConstants.CONTENT_TYPE, "text/plain");

        List<D2cEvent> events = hub.events().awaitCount(device.deviceId(), 5, WAIT);
        assertThat(events).extracting(D2cEvent::bodyAsString).startsWith("reading 0", "reading 1", "reading 2",
                "plain string");
        assertThat(events.get(4).body()).containsExactly(0, 1, 2, 0xff);
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i).messageId()).isEqualTo("b-" + i);
            assertThat(events.get(i).applicationProperties()).containsEntry("index", Integer.toString(i));
            assertThat(events.get(i).protocol()).isEqualTo(Protocol.HTTPS);
        }
        assertThat(events.get(3).contentType()).as("bare items take the exchange's headers").isEqualTo("text/plain");
        assertThat(events.get(3).messageId()).as("an item without an id gets the exchange id and its index, kept "
                                                 + "across redeliveries").endsWith("-3");
    }

    @Test
    void aBatchLargerThan256KbIsSplitAndArrivesInOrder() throws Exception {
        DeviceInfo device = newDevice("bigbatch");
        String from = directRoute(uri(device, null));
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] body = new byte[60 * 1024];
            Arrays.fill(body, (byte) ('a' + i));
            bodies.add(body);
        }

        Exchange result = template.send(from, e -> e.getMessage().setBody(bodies));

        assertThat(result.getException()).isNull();
        List<D2cEvent> events = hub.events().awaitCount(device.deviceId(), 10, WAIT);
        assertThat(events).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(events.get(i).body()).isEqualTo(bodies.get(i));
        }
    }

    @Test
    void batchesCarryThousandsOfSmallMessagesQuickly() throws Exception {
        DeviceInfo device = newDevice("many");
        String from = directRoute(uri(device, null));
        List<String> bodies = IntStream.range(0, 2000).mapToObj(i -> "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(80)
                                                                      + "\"}").toList();

        long start = System.nanoTime();
        Exchange result = template.send(from, e -> e.getMessage().setBody(bodies));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.getException()).isNull();
        assertThat(hub.events().awaitCount(device.deviceId(), 2000, WAIT)).extracting(D2cEvent::bodyAsString)
                .containsExactlyElementsOf(bodies);
        LOG.info("2000 messages of ~90 bytes as one List took {} ms",
                millis);
    }

    @Test
    void anOversizeItemFailsTheBatchBeforeAnythingIsSent() throws Exception {
        DeviceInfo device = newDevice("bigitem");
        String from = directRoute(uri(device, null));

        Exchange result = template.send(from,
                e -> e.getMessage().setBody(List.of("small", new byte[256 * 1024 + 1])));

        assertThat(result.getException()).isInstanceOf(IotHubException.class).hasMessageContaining("Nothing was sent");
        assertThat(((IotHubException) result.getException()).getErrorCode()).isEqualTo("413001");
        assertThat(hub.events().forDevice(device.deviceId())).isEmpty();
    }

    @Test
    void theAggregatorFeedsBatches() throws Exception {
        DeviceInfo device = newDevice("agg");
        String to = uri(device, null);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:agg-" + device.deviceId())
                        .aggregate(constant(true), new GroupedMessageAggregationStrategy()).completionSize(4)
                        .to(to);
            }
        });

        for (int i = 0; i < 8; i++) {
            template.sendBodyAndHeader("direct:agg-" + device.deviceId(), "t" + i, "seq", i);
        }

        List<D2cEvent> events = hub.events().awaitCount(device.deviceId(), 8, WAIT);
        List<String> bodies = events.stream().map(D2cEvent::bodyAsString).toList();
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 8).mapToObj(i -> "t" + i).toList());
        // the two batches may overtake each other (several requests are in flight); each keeps its own order
        assertThat(bodies.stream().filter(b -> b.compareTo("t4") < 0).toList()).containsExactly("t0", "t1", "t2", "t3");
        assertThat(bodies.stream().filter(b -> b.compareTo("t4") >= 0).toList()).containsExactly("t4", "t5", "t6", "t7");
        assertThat(events).allSatisfy(e -> assertThat(e.applicationProperties().get("seq"))
                .isEqualTo(e.bodyAsString().substring(1)));
    }

    // ---- polling and settling ----

    @Test
    void aFailedRouteAbandonsAndTheRedeliveryCompletes() throws Exception {
        DeviceInfo device = newDevice("abandon");
        AtomicInteger attempts = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(device, null)).process(e -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                });
            }
        });

        String id = hub.sendC2d(device.deviceId(), C2dMessage.builder().body("retry me").build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entry(id)).get()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(C2dState.COMPLETED);
                    assertThat(e.deliveryCount()).as("abandoned once, then delivered again").isEqualTo(2);
                }));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aFailedRouteRejectsWhenConfigured() throws Exception {
        DeviceInfo device = newDevice("reject");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(device, "c2dFailureOutcome=REJECT")).throwException(new IllegalStateException("bad command"));
            }
        });

        String id = hub.sendC2d(device.deviceId(), C2dMessage.builder().body("doomed").build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entry(id)).get()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
                    assertThat(e.deadLetterReason()).isEqualTo("Rejected");
                    assertThat(e.deliveryCount()).isEqualTo(1);
                }));
    }

    @Test
    void eachPollReceivesAtMostMaxMessagesPerPoll() throws Exception {
        DeviceInfo device = newDevice("max");
        for (int i = 0; i < 5; i++) {
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("c" + i).messageId("c" + i).build());
        }
        String uri = super.uri(device, "pollInterval=1h&maxMessagesPerPoll=2");
        route(uri, "mock:max-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:max-" + device.deviceId());
        mock.expectedBodiesReceived("c0", "c1");

        mock.assertIsSatisfied(WAIT.toMillis());
        sleep(500);
        assertThat(mock.getReceivedCounter()).as("the next poll is an hour away").isEqualTo(2);
        assertThat(hub.c2dQueue(device.deviceId()).entries()).extracting(C2dEntry::state).containsExactly(
                C2dState.COMPLETED, C2dState.COMPLETED, C2dState.ENQUEUED, C2dState.ENQUEUED, C2dState.ENQUEUED);
    }

    @Test
    void onePollDrainsTheQueue() throws Exception {
        DeviceInfo device = newDevice("drain");
        for (int i = 0; i < 5; i++) {
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("d" + i).build());
        }
        route(super.uri(device, "pollInterval=1h"), "mock:drain-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:drain-" + device.deviceId());
        mock.expectedBodiesReceived("d0", "d1", "d2", "d3", "d4");

        mock.assertIsSatisfied(WAIT.toMillis());
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).pendingCount()).isZero());
    }

    @Test
    void aRouteSlowerThanTheLockGetsAClearErrorAndTheMessageComesAgain() throws Exception {
        IotHubEmulator shortLock = hubWith(HubLimits.defaults().withC2dLockTimeout(Duration.ofMillis(500)));
        DeviceInfo device = shortLock.registry().addDevice("slow-https");
        RecordingExceptionHandler handler = new RecordingExceptionHandler();
        BlockingQueue<Throwable> errors = handler.handled();
        context.getRegistry().bind("capturingHandler", handler);
        String id = shortLock.sendC2d(device.deviceId(), C2dMessage.of("slow")); // waiting for the first poll
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriOn(shortLock, device, "pollInterval=1h&maxMessagesPerPoll=1&exceptionHandler=#capturingHandler"))
                        .process(e -> Thread.sleep(1000));
            }
        });

        Throwable error = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(IotHubException.class)
                .hasMessageContaining("because its lock had expired: the route took")
                .hasMessageContaining("IoT Hub locks a message received over HTTPS for 60 seconds");
        assertThat(((IotHubException) error).getErrorCode()).startsWith("412");
        assertThat(shortLock.c2dQueue(device.deviceId()).entry(id)).get().extracting(C2dEntry::state)
                .as("not completed: the hub will deliver it again").isEqualTo(C2dState.ENQUEUED);
    }

    // ---- errors and retries ----

    @Test
    void throttlingIsRetriedHonouringRetryAfter() throws Exception {
        DeviceInfo device = newDevice("throttle");
        String from = directRoute(uri(device, null));
        template.sendBody(from, "warm-up"); // the route is up and its credentials checked
        hub.faults().throttle(Duration.ofMillis(1500));

        long start = System.nanoTime();
        Exchange result = template.send(from, e -> e.getMessage().setBody("after the throttle"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.getException()).isNull();
        assertThat(millis).as("waited for Retry-After (1 s) at least once").isGreaterThanOrEqualTo(1000);
        assertThat(hub.events().forDevice(device.deviceId())).extracting(D2cEvent::bodyAsString)
                .containsExactly("warm-up", "after the throttle");
    }

    @Test
    void throttlingLongerThanTheSendTimeoutFailsWithStatusAndCode() throws Exception {
        DeviceInfo device = newDevice("throttled");
        String from = directRoute(uri(device, "sendTimeout=2s"));
        template.sendBody(from, "warm-up");
        hub.faults().throttle(Duration.ofSeconds(30));

        Exchange result = template.send(from, e -> e.getMessage().setBody("refused"));

        assertThat(result.getException()).isInstanceOf(HttpsHubException.class);
        HttpsHubException e = (HttpsHubException) result.getException();
        assertThat(e.getStatusCode()).isEqualTo(429);
        assertThat(e.getErrorCode()).isEqualTo("429001");
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void aWrongKeyFailsFastWithTheHubsStatusAndCode() {
        DeviceInfo device = newDevice("wrongkey");
        String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDE=";
        String uri = "iothub:" + device.deviceId() + "?protocol=HTTPS&port=" + hub.httpsPort()
                     + "&hostName=hub.iothub.test&sharedAccessKey=RAW(" + wrongKey + ")";

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> directRoute(uri));
        long millis = (System.nanoTime() - start) / 1_000_000;

        HttpsHubException refusal = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpsHubException h) {
                refusal = h;
                break;
            }
        }
        assertThat(refusal).isNotNull();
        assertThat(refusal.getStatusCode()).isEqualTo(401);
        assertThat(refusal.getErrorCode()).isEqualTo("401003");
        assertThat(millis).as("no retries").isLessThan(5000);
        assertThat(String.valueOf(failure)).doesNotContain(wrongKey);
    }
}

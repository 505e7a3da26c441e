package io.cameliothub.component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.ModuleInfo;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * What every wire must do, end to end against the emulator: subclasses name the protocol.
 */
public abstract class IotHubRouteTestSupport extends EmulatorTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubRouteTestSupport.class);
    private static final AtomicInteger DEVICES = new AtomicInteger();
    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected abstract IotHubProtocol protocol();

    protected DeviceInfo newDevice(String purpose) {
        return hub.registry().addDevice(purpose + "-" + protocol().name().toLowerCase() + "-" + DEVICES.incrementAndGet());
    }

    protected String uri(DeviceInfo device, String extraOptions) {
        return uriFor(device, protocol(), extraOptions);
    }

    protected void route(String from, String to) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        });
    }

    @Test
    protected void sendsSystemAndAwkwardApplicationPropertiesToTheHub() throws Exception {
        DeviceInfo device = newDevice("d2c");
        route("direct:d2c-" + device.deviceId(), uri(device, null));

        Instant created = Instant.parse("2026-11-26T10:15:30.123Z");
        template.send("direct:d2c-" + device.deviceId(), exchange -> {
            exchange.getMessage().setBody("{\"temperature\":21.5}");
            exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, "msg-1");
            exchange.getMessage().setHeader(IotHubConstants.CORRELATION_ID, "corr-1");
            exchange.getMessage().setHeader(IotHubConstants.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(IotHubConstants.CONTENT_ENCODING, "utf-8");
            exchange.getMessage().setHeader(IotHubConstants.CREATION_TIME, created);
            exchange.getMessage().setHeader("a b", "c&d");
            exchange.getMessage().setHeader("x/y", "1=2");
            exchange.getMessage().setHeader("percent", "100%");
            exchange.getMessage().setHeader("unicode-ü", "☃ snow");
            exchange.getMessage().setHeader("count", 42);
            exchange.getMessage().setHeader("CamelInternal", "must not travel");
        });

        D2cEvent event = hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT);
        assertThat(event.bodyAsString()).isEqualTo("{\"temperature\":21.5}");
        assertThat(event.messageId()).isEqualTo("msg-1");
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.contentEncoding()).isEqualTo("utf-8");
        assertThat(event.systemProperties()).containsEntry("iothub-connection-device-id", device.deviceId());
        assertThat(event.applicationProperties())
                .containsEntry("a b", "c&d")
                .containsEntry("x/y", "1=2")
                .containsEntry("percent", "100%")
                .containsEntry("unicode-ü", "☃ snow")
                .containsEntry("count", "42")
                .doesNotContainKey("CamelInternal");
    }

    @Test
    protected void receivesCloudToDeviceMessagesWithTheirProperties() throws Exception {
        DeviceInfo device = newDevice("c2d");
        route(uri(device, null), "mock:c2d-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:c2d-" + device.deviceId());
        mock.expectedBodiesReceived("switch on");

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("switch on").messageId("cmd-1").correlationId("corr-9")
                .contentType("text/plain").property("color", "red & blue").property("x/y", "1=2").ack(AckMode.FULL)
                .build());

        mock.assertIsSatisfied(WAIT.toMillis());
        Map<String, Object> headers = mock.getReceivedExchanges().get(0).getMessage().getHeaders();
        assertThat(headers).containsEntry(IotHubConstants.MESSAGE_ID, "cmd-1")
                .containsEntry(IotHubConstants.CORRELATION_ID, "corr-9")
                .containsEntry("color", "red & blue")
                .containsEntry("x/y", "1=2");
        assertThat((String) headers.get(IotHubConstants.TO)).isEqualToIgnoringCase(
                "/devices/" + device.deviceId() + "/messages/devicebound");
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(e -> e.state()).containsExactly(C2dState.COMPLETED));
    }

    @Test
    protected void aModuleSendsAndReceivesAsItself() throws Exception {
        DeviceInfo device = newDevice("mod");
        ModuleInfo module = hub.registry().addModule(device.deviceId(), "module-a");
        String uri = "iothub:" + device.deviceId() + "/module-a?protocol=" + protocol() + "&port=" + portOf(protocol())
                     + "&connectionString=RAW(" + module.connectionString() + ")";
        route("direct:mod-" + device.deviceId(), uri);
        route(uri, "mock:mod-" + device.deviceId());
        MockEndpoint mock = getMockEndpoint("mock:mod-" + device.deviceId());
        mock.expectedBodiesReceived("to the module");

        template.sendBody("direct:mod-" + device.deviceId(), "from the module");
        hub.sendC2d(device.deviceId(), "module-a", C2dMessage.builder().body("to the module").messageId("m-1").build());

        D2cEvent event = hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT);
        assertThat(event.moduleId()).isEqualTo("module-a");
        assertThat(event.systemProperties()).containsEntry("iothub-connection-module-id", "module-a");
        mock.assertIsSatisfied(WAIT.toMillis());
        assertThat(hub.connections().live()).filteredOn(c -> device.deviceId().equals(c.deviceId()))
                .as("producer and consumer of one identity share one connection").hasSize(1);
    }

    @Test
    void hostNameAndKeyConfigureADeviceAsWellAsAConnectionString() throws Exception {
        DeviceInfo device = newDevice("key");
        String uri = "iothub:" + device.deviceId() + "?protocol=" + protocol() + "&port=" + portOf(protocol())
                     + "&hostName=hub.iothub.test&sharedAccessKey=RAW(" + device.primaryKey() + ")";
        route("direct:key-" + device.deviceId(), uri);

        template.sendBody("direct:key-" + device.deviceId(), "hello");

        assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT).bodyAsString())
                .isEqualTo("hello");
    }

    @Test
    void refusedCredentialsFailFastWithoutRetrying() throws Exception {
        DeviceInfo device = newDevice("refused");
        String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMDE=";
        String uri = "iothub:" + device.deviceId() + "?protocol=" + protocol() + "&port=" + portOf(protocol())
                     + "&hostName=hub.iothub.test&sharedAccessKey=RAW(" + wrongKey + ")";

        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> route("direct:refused-" + device.deviceId(), uri));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(failure).isInstanceOf(FailedToStartRouteException.class);
        IotHubException refusal = ExceptionUtils.find(failure, IotHubException.class);
        assertThat(refusal).isNotNull();
        assertThat(refusal).hasMessageContaining("IoT Hub refused device " + device.deviceId());
        assertThat(refusal.isRetryable()).isFalse();
        assertThat(elapsedMillis).as("no retry storm before failing").isLessThan(10_000);
        assertThat(ExceptionUtils.allMessages(failure)).doesNotContain(wrongKey);
        assertThat(hub.connections().totalAccepted(device.deviceId())).isZero();
    }

    @Test
    void aDisabledDeviceIsRefused() throws Exception {
        DeviceInfo device = newDevice("disabled");
        hub.registry().setEnabled(device.deviceId(), false);

        Throwable failure = catchThrowable(() -> route("direct:disabled-" + device.deviceId(), uri(device, null)));

        assertThat(ExceptionUtils.find(failure, IotHubException.class)).isNotNull()
                .hasMessageContaining("refused device " + device.deviceId());
    }

    @Test
    void anOversizeMessageFailsBeforeItIsSent() throws Exception {
        DeviceInfo device = newDevice("big");
        route("direct:big-" + device.deviceId(), uri(device, null));

        Exchange result = template.send("direct:big-" + device.deviceId(),
                exchange -> exchange.getMessage().setBody(new byte[IotHubMessage256k.OVER_LIMIT]));

        assertThat(result.getException()).isInstanceOf(IotHubException.class)
                .hasMessage("The message is 262145 bytes (body and properties); IoT Hub accepts at most 262144 bytes per "
                            + "device-to-cloud message");
        assertThat(((IotHubException) result.getException()).getErrorCode()).isEqualTo("413001");
        template.sendBody("direct:big-" + device.deviceId(), new byte[IotHubMessage256k.AT_LIMIT]);
        assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), WAIT).body())
                .as("a message of exactly 256 KB still goes").hasSize(IotHubMessage256k.AT_LIMIT);
    }

    @Test
    protected void nothingIsLostWhenTheHubDropsTheConnectionMidStream() throws Exception {
        DeviceInfo device = newDevice("drop");
        int count = 400;
        StreamResult result = stream(device, "maxInFlight=16", count, sent -> {
            if (sent == count / 4) {
                hub.faults().dropConnection(device.deviceId());
            }
        });

        assertThat(result.succeeded.size() + result.failed.size()).isEqualTo(count);
        assertThat(result.failed.size()).as("only messages on the wire when it dropped may fail").isLessThanOrEqualTo(16);
        Set<String> accepted = hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::messageId)
                .collect(Collectors.toSet());
        assertThat(accepted).as("every completed exchange reached the hub").containsAll(result.succeeded);
        assertThat(hub.connections().totalAccepted(device.deviceId())).isGreaterThanOrEqualTo(2);
    }

    @Test
    protected void shortLivedTokensAreRenewedWithoutLosingMessages() throws Exception {
        DeviceInfo device = newDevice("ttl");
        int count = 300;
        StreamResult result = stream(device, "sasTokenTimeToLive=2s", count, sent -> sleep(20));

        assertThat(result.failed).isEmpty();
        Set<String> accepted = hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::messageId)
                .collect(Collectors.toSet());
        assertThat(accepted).containsAll(result.succeeded);
        assertTokensWereRenewed(device);
    }

    /** Over MQTT a token is renewed by reconnecting: a 2 s token over a ~6 s stream means three connections or more. */
    protected void assertTokensWereRenewed(DeviceInfo device) {
        assertThat(hub.connections().totalAccepted(device.deviceId()))
                .as("a 2 s token over a ~6 s stream is renewed at least twice").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aListBodySendsEveryItemWithItsOwnHeaders() throws Exception {
        DeviceInfo device = newDevice("list");
        route("direct:list-" + device.deviceId(), uri(device, null));
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            org.apache.camel.Message m = new org.apache.camel.support.DefaultMessage(context);
            m.setBody("item " + i);
            m.setHeader(IotHubConstants.MESSAGE_ID, "item-" + i);
            m.setHeader("index", i);
            items.add(m);
        }

        template.sendBody("direct:list-" + device.deviceId(), items);

        List<D2cEvent> events = hub.events().awaitCount(device.deviceId(), 3, WAIT);
        assertThat(events).extracting(D2cEvent::messageId).containsExactlyInAnyOrder("item-0", "item-1", "item-2");
        assertThat(events).allSatisfy(e -> assertThat(e.bodyAsString())
                .isEqualTo("item " + e.applicationProperties().get("index")));
    }

    protected record StreamResult(List<String> succeeded, List<String> failed) {
    }

    protected interface AfterSend {
        void accept(int sent) throws Exception;
    }

    /** Sends numbered messages through an async producer as fast as it accepts them, and waits for every outcome. */
    protected StreamResult stream(DeviceInfo device, String options, int count, AfterSend afterSend) throws Exception {
        AsyncProducer producer = context.getEndpoint(uri(device, options)).createAsyncProducer();
        producer.start();
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Throwable> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(count);
        try {
            for (int i = 0; i < count; i++) {
                String id = device.deviceId() + "-" + i;
                Exchange exchange = new DefaultExchange(context);
                exchange.getMessage().setBody(("message " + i).getBytes(StandardCharsets.UTF_8));
                exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, id);
                producer.process(exchange, doneSync -> {
                    synchronized (succeeded) {
                        if (exchange.getException() == null) {
                            succeeded.add(id);
                        } else {
                            failed.add(id);
                            errors.put(id, exchange.getException());
                        }
                    }
                    done.countDown();
                });
                afterSend.accept(i + 1);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("every exchange completed or failed").isTrue();
        } finally {
            producer.stop();
        }
        errors.values().stream().findFirst().ifPresent(e -> LOG.info("a failed send: {}", e.getMessage()));
        return new StreamResult(succeeded, failed);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sizes around IoT Hub's 256 KB limit. */
    static final class IotHubMessage256k {
        static final int AT_LIMIT = 256 * 1024;
        static final int OVER_LIMIT = AT_LIMIT + 1;
    }
}

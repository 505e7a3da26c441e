package io.cameliothub.component.twin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.methods.MethodResponse;
import io.vertx.core.json.JsonObject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Twins and direct methods end to end against the emulator, over a wire that carries them: producer operations,
 * desired-property consumers that miss nothing across a dropped connection, and method consumers.
 */
public abstract class TwinMethodsRouteTestSupport extends EmulatorTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(15);

    protected abstract IotHubProtocol protocol();

    private DeviceInfo device(String purpose) {
        return hub.registry().addDevice(purpose + "-" + protocol().name().toLowerCase());
    }

    @Test
    void getTwinAndUpdateReportedProperties() throws Exception {
        DeviceInfo device = device("twin-ops");
        hub.patchDesired(device.deviceId(), "{\"rate\":5}");
        String uri = uriFor(device, protocol(), null);

        Exchange reported = template.request(uri + "&operation=updateReportedProperties",
                e -> e.getMessage().setBody(Map.of("firmware", "1.2.3", "battery", Map.of("level", 87))));
        assertThat(reported.getException()).isNull();
        assertThat(reported.getMessage().getHeader(IotHubConstants.REPORTED_VERSION, Long.class)).isEqualTo(2L);
        JsonObject stored = hub.twin(device.deviceId()).reported();
        assertThat(stored.getString("firmware")).isEqualTo("1.2.3");
        assertThat(stored.getJsonObject("battery").getInteger("level")).isEqualTo(87);

        Exchange twin = template.request(uri, e -> e.getMessage().setHeader(IotHubConstants.OPERATION, "getTwin"));
        assertThat(twin.getException()).isNull();
        JsonObject doc = new JsonObject(twin.getMessage().getBody(String.class));
        assertThat(doc.getJsonObject("desired").getInteger("rate")).isEqualTo(5);
        assertThat(doc.getJsonObject("reported").getString("firmware")).isEqualTo("1.2.3");
        assertThat(twin.getMessage().getHeader(IotHubConstants.DESIRED_VERSION, Long.class)).isEqualTo(2L);

        // optimistic concurrency: a stale reported version is refused with IoT Hub's status
        Exchange stale = template.request(uri + "&operation=updateReportedProperties", e -> {
            e.getMessage().setBody("{\"firmware\":\"9\"}");
            e.getMessage().setHeader(IotHubConstants.REPORTED_VERSION, 1L);
        });
        assertThat(stale.getException()).hasMessageContaining("412");
        assertThat(hub.twin(device.deviceId()).reported().getString("firmware")).isEqualTo("1.2.3");

        Exchange notJson = template.request(uri + "&operation=updateReportedProperties",
                e -> e.getMessage().setBody("[1,2]"));
        assertThat(notJson.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("updateReportedProperties needs a JSON object");
    }

    @Test
    void desiredChangesArriveOnceAndNoneIsMissedAcrossAReconnect() throws Exception {
        DeviceInfo device = device("desired");
        hub.patchDesired(device.deviceId(), "{\"rate\":1,\"mode\":\"eco\"}");
        List<Exchange> received = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, protocol(), "receive=desiredProperties")).process(received::add);
            }
        });
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(header(received.get(0), IotHubConstants.DESIRED_FULL_STATE)).isEqualTo(true);
        assertThat(new JsonObject(received.get(0).getMessage().getBody(String.class)).getInteger("rate")).isEqualTo(1);

        await().atMost(WAIT).until(() -> hub.twins().isSubscribedToDesired(
                io.cameliothub.emulator.core.Identity.device(device.deviceId())));
        hub.patchDesired(device.deviceId(), "{\"rate\":2}");
        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(new JsonObject(received.get(1).getMessage().getBody(String.class)).getMap())
                .containsExactly(Map.entry("rate", 2));
        assertThat(header(received.get(1), IotHubConstants.DESIRED_VERSION)).isEqualTo(3L);

        // changes made while the device is away arrive as one patch after it reconnects
        hub.faults().refuseConnections(Duration.ofSeconds(2));
        hub.faults().dropConnection(device.deviceId());
        hub.patchDesired(device.deviceId(), "{\"rate\":3}");
        hub.patchDesired(device.deviceId(), "{\"mode\":null,\"fan\":{\"speed\":2}}");
        await().atMost(WAIT).until(() -> received.size() == 3);
        JsonObject missed = new JsonObject(received.get(2).getMessage().getBody(String.class));
        assertThat(missed.getInteger("rate")).isEqualTo(3);
        assertThat(missed.getJsonObject("fan").getInteger("speed")).isEqualTo(2);
        assertThat(missed.containsKey("mode")).isTrue();
        assertThat(missed.getValue("mode")).isNull();
        assertThat(header(received.get(2), IotHubConstants.DESIRED_VERSION)).isEqualTo(5L);
        assertThat(header(received.get(2), IotHubConstants.DESIRED_FULL_STATE)).isEqualTo(false);

        hub.patchDesired(device.deviceId(), "{\"rate\":4}");
        await().atMost(WAIT).until(() -> received.size() == 4);
        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(received).as("each change once").hasSize(4);
    }

    @Test
    void methodsAreAnsweredWithTheRoutesResultAlsoAfterAReconnect() throws Exception {
        DeviceInfo device = device("methods");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, protocol(), "receive=methods&methodTimeout=1s"))
                        .choice()
                        .when(header(IotHubConstants.METHOD_NAME).isEqualTo("reboot"))
                            .setHeader(IotHubConstants.METHOD_STATUS, constant(201))
                            .setBody(simple("{\"rebooting\":true,\"asked\":${body}}"))
                        .when(header(IotHubConstants.METHOD_NAME).isEqualTo("slow"))
                            .process(e -> TimeUnit.SECONDS.sleep(3))
                        .otherwise()
                            .throwException(new IllegalStateException("secret-looking detail"))
                        .end();
            }
        });
        await().atMost(WAIT).until(() -> hub.methods().isSubscribed(
                io.cameliothub.emulator.core.Identity.device(device.deviceId())));

        MethodResponse ok = hub.invokeMethod(device.deviceId(), "reboot", "{\"delay\":1}").get(15, TimeUnit.SECONDS);
        assertThat(ok.status()).isEqualTo(201);
        assertThat(new JsonObject(ok.payloadJson()).getJsonObject("asked").getInteger("delay")).isEqualTo(1);

        MethodResponse failed = hub.invokeMethod(device.deviceId(), "explode", "{}").get(15, TimeUnit.SECONDS);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.payloadJson()).contains("IllegalStateException").doesNotContain("secret-looking");

        MethodResponse slow = hub.invokeMethod(device.deviceId(), "slow", "{}").get(15, TimeUnit.SECONDS);
        assertThat(slow.status()).isEqualTo(504);

        hub.faults().dropConnection(device.deviceId());
        await().atMost(WAIT).until(() -> hub.connections().isConnected(
                io.cameliothub.emulator.core.Identity.device(device.deviceId())));
        MethodResponse again = hub.invokeMethod(device.deviceId(), "reboot", "{\"delay\":2}", Duration.ofSeconds(10),
                Duration.ofSeconds(10)).get(25, TimeUnit.SECONDS);
        assertThat(again.status()).isEqualTo(201);
    }

    @Test
    void aModuleReportsReceivesDesiredChangesAndAnswersMethodsAlsoAfterAReconnect() throws Exception {
        DeviceInfo device = device("module");
        ModuleInfo module = hub.registry().addModule(device.deviceId(), "module-a");
        Identity identity = Identity.module(device.deviceId(), "module-a");
        String uri = "iothub:" + device.deviceId() + "/module-a?protocol=" + protocol() + "&port=" + portOf(protocol())
                     + "&connectionString=RAW(" + module.connectionString() + ")";
        List<Exchange> desired = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&receive=desiredProperties&initialDesiredProperties=false").process(desired::add);
                from(uri + "&receive=methods").setBody(simple("{\"module\":\"${header.CamelIotHubMethodName}\"}"));
            }
        });
        Exchange reported = template.request(uri + "&operation=updateReportedProperties",
                e -> e.getMessage().setBody("{\"role\":\"module\"}"));
        assertThat(reported.getException()).isNull();
        assertThat(hub.twins().get(identity).reported().getString("role")).isEqualTo("module");
        assertThat(hub.twin(device.deviceId()).reported().containsKey("role")).as("not the device's twin").isFalse();

        hub.faults().dropConnection(device.deviceId(), "module-a");
        await().atMost(WAIT).until(() -> hub.connections().totalAccepted(identity) == 2
                                         && hub.methods().isSubscribed(identity)
                                         && hub.twins().isSubscribedToDesired(identity));
        hub.patchDesired(device.deviceId(), "module-a", "{\"level\":3}");
        MethodResponse answer = hub.methods().invoke(identity, "whoami", "{}", Duration.ofSeconds(10),
                Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(new JsonObject(answer.payloadJson()).getString("module")).isEqualTo("whoami");
        await().atMost(WAIT).until(() -> desired.size() == 1);
        assertThat(new JsonObject(desired.get(0).getMessage().getBody(String.class)).getInteger("level")).isEqualTo(3);
    }

    @Test
    void aStoppedConsumerUnsubscribesAndARestartedOneSubscribesAgain() throws Exception {
        DeviceInfo device = device("unsubscribe");
        Identity identity = Identity.device(device.deviceId());
        List<Exchange> desired = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, protocol(), "receive=methods")).routeId("methods").setBody(constant("{\"up\":1}"));
                from(uriFor(device, protocol(), "receive=desiredProperties&initialDesiredProperties=false"))
                        .routeId("desired").process(desired::add);
            }
        });
        await().atMost(WAIT).until(() -> hub.methods().isSubscribed(identity)
                                         && hub.twins().isSubscribedToDesired(identity));
        assertThat(hub.invokeMethod(device.deviceId(), "ping", "{}").get(15, TimeUnit.SECONDS).status()).isEqualTo(200);

        // the connection stays (the other consumer holds it); only the subscription goes (AMQP: the links detach)
        context.getRouteController().stopRoute("methods");
        await().atMost(WAIT).until(() -> !hub.methods().isSubscribed(identity));
        assertThatThrownBy(() -> hub.invokeMethod(device.deviceId(), "ping", "{}").get(15, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e.getCause()).code()).isEqualTo(404103));
        assertThat(hub.connections().isConnected(identity)).as("a consumer left, not the device").isTrue();
        context.getRouteController().startRoute("methods");
        await().atMost(WAIT).until(() -> hub.methods().isSubscribed(identity));
        assertThat(hub.invokeMethod(device.deviceId(), "ping", "{}").get(15, TimeUnit.SECONDS).payloadJson())
                .isEqualTo("{\"up\":1}");

        context.getRouteController().stopRoute("desired");
        await().atMost(WAIT).until(() -> !hub.twins().isSubscribedToDesired(identity));
        assertThat(hub.connections().isConnected(identity)).isTrue();

        hub.patchDesired(device.deviceId(), "{\"while\":\"stopped\"}");
        context.getRouteController().startRoute("desired");
        await().atMost(WAIT).until(() -> hub.twins().isSubscribedToDesired(identity));
        hub.patchDesired(device.deviceId(), "{\"after\":1}");
        await().atMost(WAIT).until(() -> !desired.isEmpty());
        // a restarted consumer starts like a new one: from the current state (initialDesiredProperties=false here)
        assertThat(new JsonObject(desired.get(0).getMessage().getBody(String.class)).getMap())
                .containsExactly(Map.entry("after", 1));
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(desired).hasSize(1);
    }

    @Test
    void aConsumerStoppedWhileDisconnectedIsUnsubscribedOnTheNextConnection() throws Exception {
        DeviceInfo device = device("unsubscribe-offline");
        Identity identity = Identity.device(device.deviceId());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, protocol(), "receive=methods")).routeId("methods-offline").setBody(constant("{}"));
                from(uriFor(device, protocol(), "receive=desiredProperties")).routeId("desired-offline").log("${body}");
            }
        });
        await().atMost(WAIT).until(() -> hub.methods().isSubscribed(identity)
                                         && hub.twins().isSubscribedToDesired(identity));
        hub.faults().refuseConnections(Duration.ofSeconds(2));
        hub.faults().dropConnection(device.deviceId());
        await().atMost(WAIT).until(() -> !hub.connections().isConnected(identity));
        context.getRouteController().stopRoute("methods-offline");

        // over MQTT the hub keeps the device's subscriptions for its next connection: the component ends this one then
        await().atMost(WAIT).until(() -> hub.connections().isConnected(identity)
                                         && hub.twins().isSubscribedToDesired(identity));
        await().atMost(WAIT).until(() -> !hub.methods().isSubscribed(identity));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !hub.methods().isSubscribed(identity));
    }

    private static Object header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name);
    }
}

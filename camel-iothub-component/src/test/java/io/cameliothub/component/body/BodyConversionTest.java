package io.cameliothub.component.body;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What becomes of bodies that are not bytes, over the real wire (MQTT to the emulator): nothing is sent as an empty
 * message by accident; bodyFormat=JSON writes Maps, POJOs and JsonNodes as JSON; Date headers travel as ISO-8601.
 */
class BodyConversionTest extends EmulatorTestSupport {

    private static final AtomicInteger DEVICES = new AtomicInteger();
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(15);

    /** A POJO with no type converter to bytes. */
    public static final class Reading {
        public String sensor = "t-1";
        public double value = 21.5;
    }

    private String deviceRoute(String options) throws Exception {
        DeviceInfo device = hub.registry().addDevice("body-" + DEVICES.incrementAndGet());
        String from = "direct:" + device.deviceId();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(uriFor(device, IotHubProtocol.MQTT, options));
            }
        });
        return device.deviceId();
    }

    private Exchange send(String deviceId, Object body, Map<String, Object> headers) {
        return template.send("direct:" + deviceId, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new LinkedHashMap<>(headers));
        });
    }

    /** After a refused send, a good one: the hub then holds the good one only, so the refused one never left. */
    private void assertNothingWasSentBefore(String deviceId) {
        assertThat(send(deviceId, "marker", Map.of()).getException()).isNull();
        D2cEvent marker = hub.events().await(ev -> deviceId.equals(ev.deviceId()), WAIT);
        assertThat(marker.bodyAsString()).isEqualTo("marker");
        assertThat(hub.events().forDevice(deviceId)).hasSize(1);
    }

    @Test
    void aPojoOrMapBodyFailsTheExchangeNamingItsTypeAndTheFix() throws Exception {
        String device = deviceRoute(null);

        Exchange pojo = send(device, new Reading(), Map.of());
        Exchange map = send(device, Map.of("temperature", 21.5), Map.of());

        assertThat(pojo.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The message body of type " + Reading.class.getName() + " cannot be sent")
                .hasMessageContaining("bodyFormat=JSON");
        assertThat(map.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The message body of type java.util.")
                .hasMessageContaining("marshal().json()");
        assertNothingWasSentBefore(device);
    }

    @Test
    void aNullBodyIsRefusedUnlessEmptyMessagesAreAllowed() throws Exception {
        String refusing = deviceRoute(null);
        String allowing = deviceRoute("allowEmptyBody=true");

        Exchange refused = send(refusing, null, Map.of());
        Exchange sent = send(allowing, null, Map.of());

        assertThat(refused.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The message body is null, so IoT Hub would get an empty message: set a body, or set "
                            + "allowEmptyBody=true to send empty messages");
        assertNothingWasSentBefore(refusing);
        assertThat(sent.getException()).isNull();
        assertThat(hub.events().await(ev -> allowing.equals(ev.deviceId()), WAIT).body()).isEmpty();
    }

    @Test
    void bodyFormatJsonWritesMapsPojosAndJsonNodesAsJson() throws Exception {
        String device = deviceRoute("bodyFormat=json");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("temperature", 21.5);
        map.put("unit", "C");

        assertThat(send(device, map, Map.of(IotHubConstants.MESSAGE_ID, "map")).getException()).isNull();
        assertThat(send(device, new Reading(), Map.of(IotHubConstants.MESSAGE_ID, "pojo")).getException()).isNull();
        assertThat(send(device, new ObjectMapper().readTree("{\"on\":true}"),
                Map.of(IotHubConstants.MESSAGE_ID, "node")).getException()).isNull();
        assertThat(send(device, "{\"already\":\"json\"}", Map.of(IotHubConstants.MESSAGE_ID, "text")).getException())
                .isNull();
        assertThat(send(device, Map.of("x", 1), Map.of(IotHubConstants.MESSAGE_ID, "custom",
                IotHubConstants.CONTENT_TYPE, "application/vnd.acme+json")).getException()).isNull();

        List<D2cEvent> events = hub.events().awaitCount(device, 5, WAIT);
        Map<String, D2cEvent> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.put(e.messageId(), e));
        assertThat(byId.get("map").bodyAsString()).isEqualTo("{\"temperature\":21.5,\"unit\":\"C\"}");
        assertThat(byId.get("pojo").bodyAsString()).isEqualTo("{\"sensor\":\"t-1\",\"value\":21.5}");
        assertThat(byId.get("node").bodyAsString()).isEqualTo("{\"on\":true}");
        assertThat(byId.get("text").bodyAsString()).isEqualTo("{\"already\":\"json\"}");
        for (String id : List.of("map", "pojo", "node", "text")) {
            assertThat(byId.get(id).contentType()).as(id).isEqualTo("application/json");
            assertThat(byId.get(id).contentEncoding()).as(id).isEqualTo("utf-8");
        }
        assertThat(byId.get("custom").contentType()).as("the route's own content type wins")
                .isEqualTo("application/vnd.acme+json");
        assertThat(byId.get("custom").contentEncoding()).isEqualTo("utf-8");
    }

    @Test
    void aBodyJacksonCannotWriteFailsTheExchangeWithTheReason() throws Exception {
        String device = deviceRoute("bodyFormat=JSON");

        Exchange failed = send(device, new Object(), Map.of());

        assertThat(failed.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The message body of type java.lang.Object cannot be written as JSON "
                                        + "(bodyFormat=JSON): ");
        assertNothingWasSentBefore(device);
    }

    @Test
    void dateHeadersTravelAsIso8601Instants() throws Exception {
        String device = deviceRoute(null);

        send(device, "dated", Map.of("taken", new Date(0), "sqlDate", new java.sql.Date(86_400_000L)));

        D2cEvent event = hub.events().await(ev -> device.equals(ev.deviceId()), WAIT);
        assertThat(event.applicationProperties()).containsEntry("taken", "1970-01-01T00:00:00Z")
                .containsEntry("sqlDate", "1970-01-02T00:00:00Z");
    }
}

package io.cameliothub.component.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cloud-to-device topic whose property bag cannot be fully decoded, sent by the emulator's raw-publish hook over the
 * real MQTT wire: the message is delivered as far as decodable, a WARN names the device and message id, the connection
 * stays up and the next message arrives.
 */
class MqttMalformedC2dTest extends EmulatorTestSupport {

    private static final String BAD_BAG = "%24.mid=bad-1&%zz=1&ok=%E2%9C%93&utf=%C3%28&&&=&=x&flag&trunc=%4";

    @ParameterizedTest
    @ValueSource(ints = { 0, 1 })
    void aMalformedPropertyBagCostsNeitherTheConnectionNorTheNextMessage(int qos) throws Exception {
        DeviceInfo device = hub.registry().addDevice("malformed-c2d-qos" + qos);
        MockEndpoint received = getMockEndpoint("mock:c2d-" + qos);
        received.expectedMessageCount(2);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, IotHubProtocol.MQTT, null)).to("mock:c2d-" + qos);
            }
        });
        hub.connections().awaitConnected(device.deviceId(), java.time.Duration.ofSeconds(15));

        PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            assertThat(hub.mqtt().sendRawC2d(Identity.device(device.deviceId()), BAD_BAG,
                    "raw".getBytes(StandardCharsets.UTF_8), qos)).isTrue();
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("next").messageId("next-1").build());
            received.assertIsSatisfied(TimeUnit.SECONDS.toMillis(15));
        } finally {
            System.setErr(stderr);
        }

        Exchange bad = received.getExchanges().get(0);
        assertThat(bad.getMessage().getBody(String.class)).isEqualTo("raw");
        Map<String, Object> headers = bad.getMessage().getHeaders();
        assertThat(headers).containsEntry(IotHubConstants.MESSAGE_ID, "bad-1")
                .containsEntry("%zz", "1")
                .containsEntry("ok", "\u2713")
                .containsEntry("utf", "%C3%28")
                .containsEntry("flag", "")
                .containsEntry("trunc", "%4")
                .doesNotContainKey("");
        assertThat(received.getExchanges().get(1).getMessage().getHeader(IotHubConstants.MESSAGE_ID)).isEqualTo("next-1");
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("no reconnect").isEqualTo(1);
        assertThat(hub.connections().isConnected(Identity.device(device.deviceId()))).isTrue();
        String warn = log.toString(StandardCharsets.UTF_8);
        assertThat(warn).contains("WARN").contains(device.deviceId()).contains("bad-1").contains("%zz")
                .contains("empty name");
    }
}

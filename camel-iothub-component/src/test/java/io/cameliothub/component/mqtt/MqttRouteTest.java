package io.cameliothub.component.mqtt;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT over TLS, end to end against the emulator.
 */
class MqttRouteTest extends IotHubRouteTestSupport {

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.MQTT;
    }

    @Test
    void qosZeroSendsWithoutWaitingForTheHub() throws Exception {
        DeviceInfo device = newDevice("qos0");
        route("direct:qos0-" + device.deviceId(), uri(device, "qos=0"));

        for (int i = 0; i < 20; i++) {
            template.sendBody("direct:qos0-" + device.deviceId(), "fire and forget " + i);
        }

        assertThat(hub.events().awaitCount(device.deviceId(), 20, WAIT)).hasSize(20);
    }

    @Test
    void aFailedRouteStillCompletesTheMessageOverMqtt() throws Exception {
        DeviceInfo device = newDevice("fail");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri(device, null)).throwException(new IllegalStateException("route failed"));
            }
        });

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("doomed").messageId("doomed-1").build());

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(e -> e.state()).containsExactly(C2dState.COMPLETED));
    }
}

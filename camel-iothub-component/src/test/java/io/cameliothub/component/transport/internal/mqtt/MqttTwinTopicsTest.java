package io.cameliothub.component.transport.internal.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttTwinTopicsTest {

    @Test
    void requestsPutTheRidFirstAndTheVersionSecond() {
        assertThat(MqttTwinTopics.getTwin("r-1")).isEqualTo("$iothub/twin/GET/?$rid=r-1");
        assertThat(MqttTwinTopics.patchReported("r 2", 7L))
                .isEqualTo("$iothub/twin/PATCH/properties/reported/?$rid=r+2&$version=7");
        assertThat(MqttTwinTopics.patchReported("3", null)).isEqualTo("$iothub/twin/PATCH/properties/reported/?$rid=3");
        assertThat(MqttTwinTopics.methodResponse(200, "4")).isEqualTo("$iothub/methods/res/200/?$rid=4");
    }

    @Test
    void twinResponsesGiveStatusRidAndVersion() {
        assertThat(MqttTwinTopics.twinResponse("$iothub/twin/res/204/?$rid=r%201&$version=2"))
                .isEqualTo(new MqttTwinTopics.TwinResponse(204, "r 1", 2));
        assertThat(MqttTwinTopics.twinResponse("$iothub/twin/res/200/?$rid=get_twin"))
                .isEqualTo(new MqttTwinTopics.TwinResponse(200, "get_twin", -1));
        assertThat(MqttTwinTopics.twinResponse("$iothub/twin/res/abc/?$rid=1")).isNull();
        assertThat(MqttTwinTopics.twinResponse("devices/d/messages/devicebound/x=1")).isNull();
    }

    @Test
    void desiredNotificationsAndMethodRequestsAreRecognised() {
        assertThat(MqttTwinTopics.desiredVersion("$iothub/twin/PATCH/properties/desired/?$version=8")).isEqualTo(8L);
        assertThat(MqttTwinTopics.desiredVersion("$iothub/twin/PATCH/properties/desired/")).isEqualTo(-1L);
        assertThat(MqttTwinTopics.desiredVersion("$iothub/twin/res/200/?$rid=1")).isNull();
        assertThat(MqttTwinTopics.methodRequest("$iothub/methods/POST/reboot/?$rid=5"))
                .isEqualTo(new MqttTwinTopics.MethodRequest("reboot", "5"));
        assertThat(MqttTwinTopics.methodRequest("$iothub/methods/POST/reboot/")).isNull();
    }
}

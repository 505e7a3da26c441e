package io.cameliothub.component.twin;

import io.cameliothub.component.IotHubProtocol;

class MqttWebSocketTwinMethodsTest extends TwinMethodsRouteTestSupport {
    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.MQTT_WS;
    }
}

package io.cameliothub.component.twin;

import io.cameliothub.component.IotHubProtocol;

class MqttTwinMethodsTest extends TwinMethodsRouteTestSupport {
    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.MQTT;
    }
}

package io.cameliothub.component.mqtt;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;

/**
 * MQTT over WebSocket over TLS, end to end against the emulator's /$iothub/websocket.
 */
class MqttWebSocketRouteTest extends IotHubRouteTestSupport {

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.MQTT_WS;
    }
}

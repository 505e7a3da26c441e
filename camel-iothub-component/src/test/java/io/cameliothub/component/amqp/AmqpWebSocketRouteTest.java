package io.cameliothub.component.amqp;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.IotHubRouteTestSupport;
import io.cameliothub.emulator.core.DeviceInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AMQP over WebSocket (subprotocol AMQPWSB10) over TLS, end to end against the emulator's /$iothub/websocket.
 */
class AmqpWebSocketRouteTest extends IotHubRouteTestSupport {

    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.AMQPS_WS;
    }

    @Override
    protected void assertTokensWereRenewed(DeviceInfo device) {
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("renewed inside the open connection")
                .isEqualTo(1);
        assertThat(hub.amqp().putTokens(device.identity())).as("a 2 s token over a ~6 s stream: CBS put-tokens")
                .isGreaterThanOrEqualTo(3);
    }
}

package io.cameliothub.component.twin;

import io.cameliothub.component.IotHubProtocol;

class AmqpWebSocketTwinMethodsTest extends TwinMethodsRouteTestSupport {
    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.AMQPS_WS;
    }
}

package io.cameliothub.component.twin;

import io.cameliothub.component.IotHubProtocol;

class AmqpTwinMethodsTest extends TwinMethodsRouteTestSupport {
    @Override
    protected IotHubProtocol protocol() {
        return IotHubProtocol.AMQPS;
    }
}

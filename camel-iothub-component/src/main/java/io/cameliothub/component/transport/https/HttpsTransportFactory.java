package io.cameliothub.component.transport.https;

import io.cameliothub.component.transport.DeviceSession;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.IotHubTransportFactory;
import io.cameliothub.component.transport.TransportResources;
import io.cameliothub.component.transport.TransportSettings;

/**
 * Makes HTTPS device sessions.
 */
public final class HttpsTransportFactory implements IotHubTransportFactory {

    public static final HttpsTransportFactory INSTANCE = new HttpsTransportFactory();

    private HttpsTransportFactory() {
    }

    @Override
    public IotHubTransport create(TransportSettings settings, TransportResources resources) {
        return new DeviceSession(settings, resources, new HttpsWire(settings, resources));
    }
}

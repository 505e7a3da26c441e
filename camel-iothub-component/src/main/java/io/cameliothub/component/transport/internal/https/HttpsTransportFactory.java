package io.cameliothub.component.transport.internal.https;

import io.cameliothub.component.transport.internal.DeviceSession;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.IotHubTransportFactory;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;

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

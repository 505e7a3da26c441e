package io.cameliothub.component.transport.https;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.IotHubTransportFactory;
import io.cameliothub.component.transport.TransportResources;

/**
 * Makes HTTPS transports.
 */
public final class HttpsTransportFactory implements IotHubTransportFactory {

    public static final HttpsTransportFactory INSTANCE = new HttpsTransportFactory();

    private HttpsTransportFactory() {
    }

    @Override
    public IotHubTransport create(IotHubSettings settings, TransportResources resources) {
        return new HttpsTransport(settings, resources.sslContext(), resources.scheduler(), resources.clock());
    }
}

package io.cameliothub.component.transport.mqtt;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.IotHubTransportFactory;
import io.cameliothub.component.transport.TransportResources;

/**
 * Makes MQTT and MQTT-over-WebSocket transports.
 */
public final class MqttTransportFactory implements IotHubTransportFactory {

    public static final MqttTransportFactory INSTANCE = new MqttTransportFactory();

    private MqttTransportFactory() {
    }

    @Override
    public IotHubTransport create(IotHubSettings settings, TransportResources resources) {
        return new MqttTransport(settings, settings.transportOptions(), resources.sslContext(), resources.scheduler(),
                resources.clock());
    }
}

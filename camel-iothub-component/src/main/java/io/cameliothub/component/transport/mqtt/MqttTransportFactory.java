package io.cameliothub.component.transport.mqtt;

import io.cameliothub.component.transport.DeviceSession;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.IotHubTransportFactory;
import io.cameliothub.component.transport.TransportResources;
import io.cameliothub.component.transport.TransportSettings;

/**
 * Makes MQTT and MQTT-over-WebSocket device sessions.
 */
public final class MqttTransportFactory implements IotHubTransportFactory {

    public static final MqttTransportFactory INSTANCE = new MqttTransportFactory();

    private MqttTransportFactory() {
    }

    @Override
    public IotHubTransport create(TransportSettings settings, TransportResources resources) {
        return new DeviceSession(settings, resources, new MqttWire(settings, resources));
    }
}

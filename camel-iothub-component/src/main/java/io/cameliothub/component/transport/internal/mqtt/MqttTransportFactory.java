package io.cameliothub.component.transport.internal.mqtt;

import io.cameliothub.component.transport.internal.DeviceSession;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.IotHubTransportFactory;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;

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

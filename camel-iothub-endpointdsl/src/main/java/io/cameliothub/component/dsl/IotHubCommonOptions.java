package io.cameliothub.component.dsl;

/**
 * The common options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubCommonOptions<B extends IotHubCommonOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * An IoT Edge gateway to connect to instead of the hub. Tokens and the device's identity still name hostName.
     */
    default B gatewayHostName(String value) {
        doSetProperty("gatewayHostName", value);
        return self();
    }

    /**
     * The IoT Hub host name, e.g. my-hub.azure-devices.net. Taken from the connection string when one is given.
     */
    default B hostName(String value) {
        doSetProperty("hostName", value);
        return self();
    }

    /**
     * The port to connect to. Defaults to the protocol's port: 8883 for MQTT, 5671 for AMQPS, 443 for the WebSocket
     * transports and HTTPS.
     */
    default B port(int value) {
        doSetProperty("port", value);
        return self();
    }

    /**
     * The port to connect to. Defaults to the protocol's port: 8883 for MQTT, 5671 for AMQPS, 443 for the WebSocket
     * transports and HTTPS.
     */
    default B port(String value) {
        doSetProperty("port", value);
        return self();
    }

    /**
     * The transport: MQTT (port 8883, one device per connection), MQTT_WS (MQTT over WebSocket, port 443), AMQPS
     * (port 5671, many devices share one connection: gateways), AMQPS_WS (AMQP over WebSocket, port 443) or HTTPS
     * (port 443, cloud-to-device by polling).
     *
     * Default: MQTT.
     */
    default B protocol(io.cameliothub.component.IotHubProtocol value) {
        doSetProperty("protocol", value);
        return self();
    }

    /**
     * The transport: MQTT (port 8883, one device per connection), MQTT_WS (MQTT over WebSocket, port 443), AMQPS
     * (port 5671, many devices share one connection: gateways), AMQPS_WS (AMQP over WebSocket, port 443) or HTTPS
     * (port 443, cloud-to-device by polling).
     *
     * Default: MQTT.
     */
    default B protocol(String value) {
        doSetProperty("protocol", value);
        return self();
    }
}

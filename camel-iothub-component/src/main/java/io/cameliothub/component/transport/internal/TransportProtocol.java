package io.cameliothub.component.transport.internal;

/**
 * The wires a device session can run on. The component's {@code IotHubProtocol} maps one to one onto it; the transport
 * keeps its own copy so that it depends on nothing of the component.
 */
public enum TransportProtocol {
    MQTT(false),
    MQTT_WS(true),
    AMQPS(false),
    AMQPS_WS(true),
    HTTPS(false);

    private final boolean webSocket;

    TransportProtocol(boolean webSocket) {
        this.webSocket = webSocket;
    }

    public boolean isWebSocket() {
        return webSocket;
    }

    public boolean isMqtt() {
        return this == MQTT || this == MQTT_WS;
    }

    public boolean isAmqp() {
        return this == AMQPS || this == AMQPS_WS;
    }
}

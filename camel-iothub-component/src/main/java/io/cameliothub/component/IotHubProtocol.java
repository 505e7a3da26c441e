package io.cameliothub.component;

/**
 * The device transports IoT Hub offers, with the port each uses by default.
 */
public enum IotHubProtocol {
    /** MQTT 3.1.1 over TLS: one device per connection, small footprint. */
    MQTT(8883, false),
    /** MQTT 3.1.1 over WebSocket over TLS, where port 8883 is blocked. */
    MQTT_WS(443, true),
    /** AMQP 1.0 over TLS: many devices multiplexed on one connection (gateways). */
    AMQPS(5671, false),
    /** AMQP 1.0 over WebSocket over TLS, where port 5671 is blocked. */
    AMQPS_WS(443, true),
    /** The device REST API: for devices that can use nothing else; cloud-to-device by polling. */
    HTTPS(443, false);

    private final int defaultPort;
    private final boolean webSocket;

    IotHubProtocol(int defaultPort, boolean webSocket) {
        this.defaultPort = defaultPort;
        this.webSocket = webSocket;
    }

    public int defaultPort() {
        return defaultPort;
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

package io.cameliothub.component.dsl;

/**
 * The producer options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubProducerOptions<B extends IotHubProducerOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Whether a null body is sent as an empty (0-byte) message. By default a null body fails the exchange.
     *
     * Default: false.
     */
    default B allowEmptyBody(boolean value) {
        doSetProperty("allowEmptyBody", value);
        return self();
    }

    /**
     * Whether a null body is sent as an empty (0-byte) message. By default a null body fails the exchange.
     *
     * Default: false.
     */
    default B allowEmptyBody(String value) {
        doSetProperty("allowEmptyBody", value);
        return self();
    }

    /**
     * How the producer turns the body into bytes: BYTES (Camel's type converters: byte arrays, String,
     * InputStream...; a body with no converter, such as a POJO, fails the exchange) or JSON (Maps, POJOs and
     * JsonNodes are written as JSON with Jackson, text and bytes go as they are, labelled application/json, utf-8
     * unless the route set those).
     *
     * Default: BYTES.
     */
    default B bodyFormat(io.cameliothub.component.IotHubBodyFormat value) {
        doSetProperty("bodyFormat", value);
        return self();
    }

    /**
     * How the producer turns the body into bytes: BYTES (Camel's type converters: byte arrays, String,
     * InputStream...; a body with no converter, such as a POJO, fails the exchange) or JSON (Maps, POJOs and
     * JsonNodes are written as JSON with Jackson, text and bytes go as they are, labelled application/json, utf-8
     * unless the route set those).
     *
     * Default: BYTES.
     */
    default B bodyFormat(String value) {
        doSetProperty("bodyFormat", value);
        return self();
    }

    /**
     * The most device-to-cloud messages that may await the hub's acknowledgement at once on a connection. When the
     * window is full, up to maxQueued messages wait for their turn; no thread ever waits.
     *
     * Default: 64.
     */
    default B maxInFlight(int value) {
        doSetProperty("maxInFlight", value);
        return self();
    }

    /**
     * The most device-to-cloud messages that may await the hub's acknowledgement at once on a connection. When the
     * window is full, up to maxQueued messages wait for their turn; no thread ever waits.
     *
     * Default: 64.
     */
    default B maxInFlight(String value) {
        doSetProperty("maxInFlight", value);
        return self();
    }

    /**
     * The most device-to-cloud messages of a device that may wait for room in its maxInFlight window. Past it a send
     * fails at once with a retryable IotHubException (the hub is slow or unreachable), so no thread ever waits.
     *
     * Default: 1000.
     */
    default B maxQueued(int value) {
        doSetProperty("maxQueued", value);
        return self();
    }

    /**
     * MQTT quality of service for device-to-cloud messages: 1 (the default) completes the exchange when the hub
     * acknowledged the message; 0 is fire-and-forget telemetry, complete once written to the connection. IoT Hub
     * does not support 2.
     *
     * Default: 1.
     */
    default B qos(int value) {
        doSetProperty("qos", value);
        return self();
    }

    /**
     * MQTT quality of service for device-to-cloud messages: 1 (the default) completes the exchange when the hub
     * acknowledged the message; 0 is fire-and-forget telemetry, complete once written to the connection. IoT Hub
     * does not support 2.
     *
     * Default: 1.
     */
    default B qos(String value) {
        doSetProperty("qos", value);
        return self();
    }

    /**
     * A send fails at once (retryable, naming the last connection error) when the device has been disconnected for
     * longer than this. 0 keeps messages waiting for the connection.
     *
     * Default: 0.
     */
    default B failFastWhenDisconnected(long millis) {
        doSetProperty("failFastWhenDisconnected", millis);
        return self();
    }

    /**
     * A send fails at once (retryable, naming the last connection error) when the device has been disconnected for
     * longer than this, e.g. 10s. 0 keeps messages waiting for the connection.
     *
     * Default: 0.
     */
    default B failFastWhenDisconnected(String duration) {
        doSetProperty("failFastWhenDisconnected", duration);
        return self();
    }

    /**
     * How long a device-to-cloud message may take, waiting for its turn included, until the hub acknowledges it;
     * past that the exchange fails.
     *
     * Default: 60s.
     */
    default B sendTimeout(long millis) {
        doSetProperty("sendTimeout", millis);
        return self();
    }

    /**
     * How long a device-to-cloud message may take, waiting for its turn included, until the hub acknowledges it;
     * past that the exchange fails.
     *
     * Default: 60s.
     */
    default B sendTimeout(String duration) {
        doSetProperty("sendTimeout", duration);
        return self();
    }

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to
     * allow CamelContext and routes to startup in situations where a producer may otherwise fail during starting
     * and cause the route to fail being started. By deferring this startup to be lazy then the startup failure can
     * be handled during routing messages via Camel's routing error handlers. Beware that when the first message is
     * processed then creating and starting the producer may take a little time and prolong the total processing
     * time of the processing.
     *
     * Default: false.
     */
    default B lazyStartProducer(boolean value) {
        doSetProperty("lazyStartProducer", value);
        return self();
    }

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to
     * allow CamelContext and routes to startup in situations where a producer may otherwise fail during starting
     * and cause the route to fail being started. By deferring this startup to be lazy then the startup failure can
     * be handled during routing messages via Camel's routing error handlers. Beware that when the first message is
     * processed then creating and starting the producer may take a little time and prolong the total processing
     * time of the processing.
     *
     * Default: false.
     */
    default B lazyStartProducer(String value) {
        doSetProperty("lazyStartProducer", value);
        return self();
    }

    /**
     * Gateway mode: one endpoint sends for many devices, each message for the device named in its CamelIotHubDeviceId
     * header (and module in CamelIotHubModuleId); credentials from a policy key or a deviceKeyResolver.
     *
     * Default: false.
     */
    default B gateway(boolean value) {
        doSetProperty("gateway", value);
        return self();
    }

    /**
     * Gateway mode: one endpoint sends for many devices, each message for the device named in its CamelIotHubDeviceId
     * header (and module in CamelIotHubModuleId); credentials from a policy key or a deviceKeyResolver.
     *
     * Default: false.
     */
    default B gateway(String value) {
        doSetProperty("gateway", value);
        return self();
    }

    /**
     * Gateway mode: how long a device may send nothing before its connection (or AMQP session) is closed.
     *
     * Default: 5m.
     */
    default B gatewayIdleTimeout(long millis) {
        doSetProperty("gatewayIdleTimeout", millis);
        return self();
    }

    /**
     * Gateway mode: how long a device may send nothing before its connection (or AMQP session) is closed.
     *
     * Default: 5m.
     */
    default B gatewayIdleTimeout(String duration) {
        doSetProperty("gatewayIdleTimeout", duration);
        return self();
    }

    /**
     * Gateway mode: devices to connect when the endpoint starts, in parallel, as comma-separated device ids
     * (device/module for a module), or #name of a registry bean holding them. Start fails when none connects; devices
     * the hub refuses are tolerated. Listed devices are not closed when idle.
     */
    default B gatewayDevices(String value) {
        doSetProperty("gatewayDevices", value);
        return self();
    }

    /**
     * Gateway mode: devices to connect when the endpoint starts (device ids, device/module for a module).
     */
    default B gatewayDevices(java.util.Collection<String> deviceIds) {
        doSetProperty("gatewayDevices", deviceIds);
        return self();
    }

    /**
     * Gateway mode: looks up each device's (or module's) own key.
     */
    default B deviceKeyResolver(io.cameliothub.component.IotHubDeviceKeyResolver value) {
        doSetProperty("deviceKeyResolver", value);
        return self();
    }

    /**
     * Gateway mode: looks up each device's (or module's) own key (a bean reference, e.g. #myKeys).
     */
    default B deviceKeyResolver(String reference) {
        doSetProperty("deviceKeyResolver", reference);
        return self();
    }
}

package io.cameliothub.component.dsl;

/**
 * The advanced options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubAdvancedOptions<B extends IotHubAdvancedOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * How long to wait for the connection to the hub (TCP, TLS and protocol handshake).
     *
     * Default: 30s.
     */
    default B connectTimeout(long millis) {
        doSetProperty("connectTimeout", millis);
        return self();
    }

    /**
     * How long to wait for the connection to the hub (TCP, TLS and protocol handshake).
     *
     * Default: 30s.
     */
    default B connectTimeout(String duration) {
        doSetProperty("connectTimeout", duration);
        return self();
    }

    /**
     * The MQTT keep-alive interval and the AMQP idle timeout. IoT Hub's maximum is 1177 seconds.
     *
     * Default: 230s.
     */
    default B keepAliveInterval(long millis) {
        doSetProperty("keepAliveInterval", millis);
        return self();
    }

    /**
     * The MQTT keep-alive interval and the AMQP idle timeout. IoT Hub's maximum is 1177 seconds.
     *
     * Default: 230s.
     */
    default B keepAliveInterval(String duration) {
        doSetProperty("keepAliveInterval", duration);
        return self();
    }

    /**
     * The longest wait between reconnection attempts.
     *
     * Default: 30s.
     */
    default B reconnectMaxBackoff(long millis) {
        doSetProperty("reconnectMaxBackoff", millis);
        return self();
    }

    /**
     * The longest wait between reconnection attempts.
     *
     * Default: 30s.
     */
    default B reconnectMaxBackoff(String duration) {
        doSetProperty("reconnectMaxBackoff", duration);
        return self();
    }

    /**
     * The shortest wait before reconnecting after the connection dropped; waits grow exponentially, with jitter.
     *
     * Default: 500ms.
     */
    default B reconnectMinBackoff(long millis) {
        doSetProperty("reconnectMinBackoff", millis);
        return self();
    }

    /**
     * The shortest wait before reconnecting after the connection dropped; waits grow exponentially, with jitter.
     *
     * Default: 500ms.
     */
    default B reconnectMinBackoff(String duration) {
        doSetProperty("reconnectMinBackoff", duration);
        return self();
    }

    /**
     * Decides which Camel headers travel as IoT Hub application properties and which received properties become
     * headers. By default Camel's own headers (Camel, org.apache.camel) stay out.
     */
    default B headerFilterStrategy(org.apache.camel.spi.HeaderFilterStrategy value) {
        doSetProperty("headerFilterStrategy", value);
        return self();
    }

    /**
     * Decides which Camel headers travel as IoT Hub application properties and which received properties become
     * headers. By default Camel's own headers (Camel, org.apache.camel) stay out.
     */
    default B headerFilterStrategy(String reference) {
        doSetProperty("headerFilterStrategy", reference);
        return self();
    }
}

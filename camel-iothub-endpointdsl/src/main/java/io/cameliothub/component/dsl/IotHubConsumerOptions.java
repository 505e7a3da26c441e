package io.cameliothub.component.dsl;

/**
 * The consumer options of an iothub endpoint, for {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's
 * metadata (iothub.json) by IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubConsumerOptions<B extends IotHubConsumerOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * What the consumer tells the hub about a cloud-to-device message whose exchange failed: ABANDON (the hub
     * delivers it again, up to its maximum delivery count), REJECT (the hub dead-letters it) or COMPLETE. MQTT
     * knows only COMPLETE, so over MQTT a failed message is always completed.
     *
     * Default: ABANDON.
     */
    default B c2dFailureOutcome(io.cameliothub.component.transport.C2dOutcome value) {
        doSetProperty("c2dFailureOutcome", value);
        return self();
    }

    /**
     * What the consumer tells the hub about a cloud-to-device message whose exchange failed: ABANDON (the hub
     * delivers it again, up to its maximum delivery count), REJECT (the hub dead-letters it) or COMPLETE. MQTT
     * knows only COMPLETE, so over MQTT a failed message is always completed.
     *
     * Default: ABANDON.
     */
    default B c2dFailureOutcome(String value) {
        doSetProperty("c2dFailureOutcome", value);
        return self();
    }

    /**
     * HTTPS only: the most cloud-to-device messages one poll receives. Each is received, routed and settled before
     * the next one is received, so each message's lock (1 minute) covers only its own route.
     *
     * Default: 50.
     */
    default B maxMessagesPerPoll(int value) {
        doSetProperty("maxMessagesPerPoll", value);
        return self();
    }

    /**
     * HTTPS only: the most cloud-to-device messages one poll receives. Each is received, routed and settled before
     * the next one is received, so each message's lock (1 minute) covers only its own route.
     *
     * Default: 50.
     */
    default B maxMessagesPerPoll(String value) {
        doSetProperty("maxMessagesPerPoll", value);
        return self();
    }

    /**
     * HTTPS only: how long the consumer waits between polls for cloud-to-device messages. IoT Hub's guidance is to
     * poll no more often than every 25 minutes; a shorter interval is allowed (e.g. during development) but logged
     * as a warning when the consumer starts. Use MQTT or AMQPS when commands must arrive promptly.
     *
     * Default: 25m.
     */
    default B pollInterval(long millis) {
        doSetProperty("pollInterval", millis);
        return self();
    }

    /**
     * HTTPS only: how long the consumer waits between polls for cloud-to-device messages. IoT Hub's guidance is to
     * poll no more often than every 25 minutes; a shorter interval is allowed (e.g. during development) but logged
     * as a warning when the consumer starts. Use MQTT or AMQPS when commands must arrive promptly.
     *
     * Default: 25m.
     */
    default B pollInterval(String duration) {
        doSetProperty("pollInterval", duration);
        return self();
    }

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed
     * as a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party
     * component allows Camel to be alerted if an exception was thrown. Some components handle this internally only,
     * and therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to
     * hook into the 3rd party component and make this possible for future releases. By default the consumer will
     * use the org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR
     * level and ignored.
     *
     * Default: false.
     */
    default B bridgeErrorHandler(boolean value) {
        doSetProperty("bridgeErrorHandler", value);
        return self();
    }

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed
     * as a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party
     * component allows Camel to be alerted if an exception was thrown. Some components handle this internally only,
     * and therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to
     * hook into the 3rd party component and make this possible for future releases. By default the consumer will
     * use the org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR
     * level and ignored.
     *
     * Default: false.
     */
    default B bridgeErrorHandler(String value) {
        doSetProperty("bridgeErrorHandler", value);
        return self();
    }

    /**
     * To let the consumer use a custom ExceptionHandler. Notice if the option bridgeErrorHandler is enabled then
     * this option is not in use. By default the consumer will deal with exceptions, that will be logged at WARN or
     * ERROR level and ignored.
     */
    default B exceptionHandler(org.apache.camel.spi.ExceptionHandler value) {
        doSetProperty("exceptionHandler", value);
        return self();
    }

    /**
     * To let the consumer use a custom ExceptionHandler. Notice if the option bridgeErrorHandler is enabled then
     * this option is not in use. By default the consumer will deal with exceptions, that will be logged at WARN or
     * ERROR level and ignored.
     */
    default B exceptionHandler(String reference) {
        doSetProperty("exceptionHandler", reference);
        return self();
    }

    /**
     * Sets the exchange pattern when the consumer creates an exchange.
     */
    default B exchangePattern(org.apache.camel.ExchangePattern value) {
        doSetProperty("exchangePattern", value);
        return self();
    }

    /**
     * Sets the exchange pattern when the consumer creates an exchange.
     */
    default B exchangePattern(String value) {
        doSetProperty("exchangePattern", value);
        return self();
    }
}

package io.cameliothub.component.dsl;

import io.cameliothub.component.IotHubOperation;
import io.cameliothub.component.IotHubReceive;

/**
 * The twin and direct-method options of an iothub endpoint (what the producer does, what the consumer receives), for
 * {@link IotHubEndpointBuilderFactory}. Kept in sync with the component's metadata (iothub.json) by
 * IotHubEndpointBuilderTest.
 *
 * @param <B> the builder, returned by every option for chaining
 */
public interface IotHubTwinMethodsOptions<B extends IotHubTwinMethodsOptions<B>> {

    void doSetProperty(String name, Object value);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Producer: sendEvent (device-to-cloud message), getTwin or updateReportedProperties. A CamelIotHubOperation
     * header overrides it per message. Twins need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     *
     * Default: sendEvent.
     */
    default B operation(IotHubOperation value) {
        doSetProperty("operation", value);
        return self();
    }

    /** As {@link #operation(IotHubOperation)}, by name. */
    default B operation(String value) {
        doSetProperty("operation", value);
        return self();
    }

    /**
     * Consumer: messages (cloud-to-device), desiredProperties (twin changes) or methods (direct-method calls, answered
     * with the route's result). The last two need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     *
     * Default: messages.
     */
    default B receive(IotHubReceive value) {
        doSetProperty("receive", value);
        return self();
    }

    /** As {@link #receive(IotHubReceive)}, by name. */
    default B receive(String value) {
        doSetProperty("receive", value);
        return self();
    }

    /**
     * desiredProperties consumer: deliver the current desired state once when the route starts.
     *
     * Default: true.
     */
    default B initialDesiredProperties(boolean value) {
        doSetProperty("initialDesiredProperties", value);
        return self();
    }

    /**
     * desiredProperties consumer: after a reconnect that missed changes, deliver the whole desired state (true) rather
     * than one patch with what changed, null for removed properties (false).
     *
     * Default: false.
     */
    default B desiredPropertiesFullState(boolean value) {
        doSetProperty("desiredPropertiesFullState", value);
        return self();
    }

    /**
     * methods consumer: how long the route may take before the device answers 504 on its behalf.
     *
     * Default: 30s.
     */
    default B methodTimeout(long millis) {
        doSetProperty("methodTimeout", millis);
        return self();
    }

    /** As {@link #methodTimeout(long)}, as a duration such as {@code 10s}. */
    default B methodTimeout(String duration) {
        doSetProperty("methodTimeout", duration);
        return self();
    }
}

package io.cameliothub.component;

import org.apache.camel.spi.UriParam;

/**
 * The twin and direct-method options of {@link IotHubConfiguration} (a superclass, so the endpoint and component see
 * them as their own while each file keeps to one concern).
 */
public abstract class IotHubTwinMethodsConfiguration extends IotHubProxyConfiguration {

    /**
     * What the producer does: sendEvent (device-to-cloud message), getTwin or updateReportedProperties. A
     * CamelIotHubOperation header overrides it per message. Twins need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     */
    @UriParam(label = "producer", defaultValue = "sendEvent")
    private IotHubOperation operation = IotHubOperation.sendEvent;

    /**
     * What the consumer receives: messages (cloud-to-device), desiredProperties (twin changes) or methods (direct-method
     * calls, answered with the route's result). The last two need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     */
    @UriParam(label = "consumer", defaultValue = "messages")
    private IotHubReceive receive = IotHubReceive.messages;

    /** desiredProperties consumer: deliver the current desired state once when the route starts. */
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean initialDesiredProperties = true;

    /**
     * desiredProperties consumer: after a reconnect that missed changes, deliver the whole desired state (true) rather
     * than one patch with what changed, null for removed properties (false).
     */
    @UriParam(label = "consumer", defaultValue = "false")
    private boolean desiredPropertiesFullState;

    /** methods consumer: how long the route may take before the device answers 504 on its behalf. */
    @UriParam(label = "consumer", defaultValue = "30s", javaType = "java.time.Duration")
    private long methodTimeout = 30_000L;

    public IotHubOperation getOperation() {
        return operation;
    }

    public void setOperation(IotHubOperation operation) {
        this.operation = operation;
    }

    public IotHubReceive getReceive() {
        return receive;
    }

    public void setReceive(IotHubReceive receive) {
        this.receive = receive;
    }

    public boolean isInitialDesiredProperties() {
        return initialDesiredProperties;
    }

    public void setInitialDesiredProperties(boolean initialDesiredProperties) {
        this.initialDesiredProperties = initialDesiredProperties;
    }

    public boolean isDesiredPropertiesFullState() {
        return desiredPropertiesFullState;
    }

    public void setDesiredPropertiesFullState(boolean desiredPropertiesFullState) {
        this.desiredPropertiesFullState = desiredPropertiesFullState;
    }

    public long getMethodTimeout() {
        return methodTimeout;
    }

    public void setMethodTimeout(long methodTimeout) {
        this.methodTimeout = methodTimeout;
    }
}

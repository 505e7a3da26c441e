package io.cameliothub.component.springboot;

import java.time.Duration;

import io.cameliothub.component.IotHubOperation;
import io.cameliothub.component.IotHubReceive;

/**
 * The twin and direct-method options of the iothub component, as {@code camel.component.iothub.*} properties (a
 * superclass of {@link IotHubComponentConfiguration}, which keeps each file to one concern).
 */
public abstract class IotHubComponentTwinMethodsProperties extends IotHubComponentProxyProperties {

    /**
     * What the producer does: sendEvent (device-to-cloud message), getTwin or updateReportedProperties. A
     * CamelIotHubOperation header overrides it per message. Twins need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     */
    private IotHubOperation operation = IotHubOperation.sendEvent;

    /**
     * What the consumer receives: messages (cloud-to-device), desiredProperties (twin changes) or methods
     * (direct-method calls, answered with the route's result). The last two need MQTT, MQTT_WS, AMQPS or AMQPS_WS.
     */
    private IotHubReceive receive = IotHubReceive.messages;

    /**
     * desiredProperties consumer: deliver the current desired state once when the route starts.
     */
    private Boolean initialDesiredProperties = true;

    /**
     * desiredProperties consumer: after a reconnect that missed changes, deliver the whole desired state (true) rather
     * than one patch with what changed, null for removed properties (false).
     */
    private Boolean desiredPropertiesFullState = false;

    /**
     * methods consumer: how long the route may take before the device answers 504 on its behalf.
     */
    private Duration methodTimeout = Duration.ofSeconds(30);

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

    public Boolean getInitialDesiredProperties() {
        return initialDesiredProperties;
    }

    public void setInitialDesiredProperties(Boolean initialDesiredProperties) {
        this.initialDesiredProperties = initialDesiredProperties;
    }

    public Boolean getDesiredPropertiesFullState() {
        return desiredPropertiesFullState;
    }

    public void setDesiredPropertiesFullState(Boolean desiredPropertiesFullState) {
        this.desiredPropertiesFullState = desiredPropertiesFullState;
    }

    public Duration getMethodTimeout() {
        return methodTimeout;
    }

    public void setMethodTimeout(Duration methodTimeout) {
        this.methodTimeout = methodTimeout;
    }
}

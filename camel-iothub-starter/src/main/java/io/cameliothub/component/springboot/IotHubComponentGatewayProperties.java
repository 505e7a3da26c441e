package io.cameliothub.component.springboot;

import java.time.Duration;

import io.cameliothub.component.IotHubDeviceKeyResolver;

/**
 * The gateway options of the iothub component, as {@code camel.component.iothub.*} properties (a superclass of
 * {@link IotHubComponentConfiguration}, which keeps each file to one concern).
 */
public abstract class IotHubComponentGatewayProperties extends IotHubComponentTwinMethodsProperties {

    /**
     * Gateway mode: one producer endpoint sends for many devices, each message for the device named in its
     * CamelIotHubDeviceId header (and module in CamelIotHubModuleId); credentials from a shared access policy with
     * DeviceConnect (sharedAccessKeyName and sharedAccessKey) or a deviceKeyResolver. Idle devices are closed after
     * gatewayIdleTimeout.
     */
    private Boolean gateway = false;

    /**
     * Gateway mode: how long a device may send nothing before its connection (or AMQP session) is closed.
     */
    private Duration gatewayIdleTimeout = Duration.ofMinutes(5);

    /**
     * Gateway mode: looks up each device's (or module's) own key, as a bean reference (#beanName) to an
     * IotHubDeviceKeyResolver.
     */
    private IotHubDeviceKeyResolver deviceKeyResolver;

    /**
     * Gateway mode: devices to connect when a gateway endpoint starts, in parallel, as comma-separated device ids
     * (device/module for a module). Start fails when none of them connects within connectTimeout; devices the hub
     * refuses are logged and tolerated. Listed devices are not closed when idle.
     */
    private String gatewayDevices;

    public Boolean getGateway() {
        return gateway;
    }

    public void setGateway(Boolean gateway) {
        this.gateway = gateway;
    }

    public Duration getGatewayIdleTimeout() {
        return gatewayIdleTimeout;
    }

    public void setGatewayIdleTimeout(Duration gatewayIdleTimeout) {
        this.gatewayIdleTimeout = gatewayIdleTimeout;
    }

    public String getGatewayDevices() {
        return gatewayDevices;
    }

    public void setGatewayDevices(String gatewayDevices) {
        this.gatewayDevices = gatewayDevices;
    }

    public IotHubDeviceKeyResolver getDeviceKeyResolver() {
        return deviceKeyResolver;
    }

    public void setDeviceKeyResolver(IotHubDeviceKeyResolver deviceKeyResolver) {
        this.deviceKeyResolver = deviceKeyResolver;
    }
}

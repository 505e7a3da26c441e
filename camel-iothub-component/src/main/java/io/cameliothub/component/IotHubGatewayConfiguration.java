package io.cameliothub.component;

import org.apache.camel.spi.UriParam;

/**
 * The gateway options of {@link IotHubConfiguration} (a superclass, so the endpoint and component see them as their
 * own while each file keeps to one concern).
 */
public abstract class IotHubGatewayConfiguration extends IotHubTwinMethodsConfiguration {

    /**
     * Gateway mode: one producer endpoint sends for many devices, each message for the device named in its
     * CamelIotHubDeviceId header (and module in CamelIotHubModuleId). Devices connect on their first message, in
     * parallel, multiplexed on shared AMQP connections (MQTT: one connection per device), and are closed after
     * gatewayIdleTimeout without traffic. Credentials: a shared access policy with DeviceConnect (sharedAccessKeyName and
     * sharedAccessKey, or the policy's connectionString) signs every device's token, or a deviceKeyResolver looks up
     * each device's key. The endpoint path
     * stays empty: iothub:?gateway=true.
     */
    @UriParam(label = "producer", defaultValue = "false")
    private boolean gateway;

    /** Gateway mode: how long a device may send nothing before its connection (or AMQP session) is closed. */
    @UriParam(label = "producer", defaultValue = "5m", javaType = "java.time.Duration")
    private long gatewayIdleTimeout = 300_000L;

    /**
     * Gateway mode: looks up each device's (or module's) own key, for hubs where the gateway holds device keys rather
     * than a policy key. Called once per device connection, on the route's thread.
     */
    @UriParam(label = "producer,security")
    private IotHubDeviceKeyResolver deviceKeyResolver;

    /**
     * Gateway mode: devices to connect when the endpoint starts, in parallel (multiplexed on shared AMQP connections),
     * as a comma-separated list of device ids, device/module for a module; or #name of a registry bean holding them
     * (a Collection of ids, or such a comma-separated String). Start waits up to connectTimeout: it fails when none
     * of them connected; devices the hub refuses are logged and tolerated (their exchanges fail until
     * reconnectMaxBackoff has passed, then the next one tries again). Listed devices are not closed when idle.
     */
    @UriParam(label = "producer")
    private String gatewayDevices;

    public boolean isGateway() {
        return gateway;
    }

    public void setGateway(boolean gateway) {
        this.gateway = gateway;
    }

    public long getGatewayIdleTimeout() {
        return gatewayIdleTimeout;
    }

    public void setGatewayIdleTimeout(long gatewayIdleTimeout) {
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

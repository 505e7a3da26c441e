package io.cameliothub.component;

import java.time.Clock;
import java.util.List;

import io.cameliothub.component.auth.ConnectionString;
import io.cameliothub.component.transport.IotHubException;

/**
 * A gateway endpoint's settings: checks once that its configuration can serve any device (a policy key or a
 * deviceKeyResolver, no device in the path), then resolves the settings of each device the exchanges name.
 */
final class IotHubGatewaySettings {

    /** Stands in for the devices when the endpoint's options are checked at creation. */
    private static final String PROBE_DEVICE = "gateway-device";
    private static final String PROBE_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private final IotHubConfiguration config;
    private final Clock clock;
    private List<IotHubGatewayDeviceList.Entry> listed = List.of();

    IotHubGatewaySettings(IotHubConfiguration config, Clock clock) {
        this.config = config.copy(); // a policy connection string is taken apart into options below
        this.clock = clock;
    }

    /**
     * Checks the options and returns the settings of a stand-in device (protocol, host, port, TLS, timeouts are those
     * of every device).
     *
     * @throws IllegalArgumentException naming the offending option
     */
    IotHubSettings check() {
        if (config.getDeviceId() != null || config.getModuleId() != null) {
            throw new IllegalArgumentException("gateway=true takes each message's device from the "
                                               + IotHubConstants.DEVICE_ID + " header: leave the endpoint path empty "
                                               + "(iothub:?gateway=true), do not name a device");
        }
        if (config.getGatewayIdleTimeout() <= 0) {
            throw new IllegalArgumentException("gatewayIdleTimeout must be positive, was "
                                               + config.getGatewayIdleTimeout() + "ms");
        }
        listed = IotHubGatewayDeviceList.parse(config.getGatewayDevices());
        if (config.getConnectionString() != null) {
            takePolicyConnectionString();
        }
        if (config.getSasToken() != null) {
            throw new IllegalArgumentException("gateway=true cannot use sasToken (a token is for one device): set "
                                               + "sharedAccessKeyName and sharedAccessKey of a policy with "
                                               + "DeviceConnect, or a deviceKeyResolver");
        }
        boolean policy = config.getSharedAccessKey() != null && config.getSharedAccessKeyName() != null;
        if (config.getDeviceKeyResolver() != null && config.getSharedAccessKey() != null) {
            throw new IllegalArgumentException("gateway=true has both deviceKeyResolver and sharedAccessKey: "
                                               + "configure exactly one");
        }
        if (config.getDeviceKeyResolver() == null && !policy) {
            throw new IllegalArgumentException("gateway=true needs credentials for any device: set "
                                               + "sharedAccessKeyName and sharedAccessKey of a shared access policy "
                                               + "with DeviceConnect, or a deviceKeyResolver"
                                               + (config.getSharedAccessKey() != null
                                                       ? " (sharedAccessKey without sharedAccessKeyName is a device "
                                                         + "key, which signs for its own device only)"
                                                       : ""));
        }
        IotHubConfiguration probe = perDevice(PROBE_DEVICE, null);
        if (config.getDeviceKeyResolver() != null) {
            probe.setSharedAccessKey(PROBE_KEY);
        }
        return new IotHubSettingsResolver(clock).resolve(probe);
    }

    /** A policy's connection string gives the hub, the policy name and its key. */
    private void takePolicyConnectionString() {
        ConnectionString cs = ConnectionString.parseWithoutDevice(config.getConnectionString());
        if (cs.deviceId() != null || cs.sharedAccessKeyName() == null || cs.sharedAccessKey() == null) {
            throw new IllegalArgumentException("gateway=true takes the connectionString of a shared access policy with "
                                               + "DeviceConnect (HostName=...;SharedAccessKeyName=...;"
                                               + "SharedAccessKey=...), not a device's: a device's key signs for "
                                               + "that device only");
        }
        agree("hostName", config.getHostName(), cs.hostName());
        agree("sharedAccessKeyName", config.getSharedAccessKeyName(), cs.sharedAccessKeyName());
        agree("gatewayHostName", config.getGatewayHostName(), cs.gatewayHostName());
        if (config.getSharedAccessKey() != null && !config.getSharedAccessKey().equals(cs.sharedAccessKey())) {
            throw new IllegalArgumentException("sharedAccessKey is given both as an option and in the "
                                               + "connectionString, with different values");
        }
        config.setHostName(cs.hostName());
        config.setSharedAccessKeyName(cs.sharedAccessKeyName());
        config.setSharedAccessKey(cs.sharedAccessKey());
        if (cs.gatewayHostName() != null) {
            config.setGatewayHostName(cs.gatewayHostName());
        }
        config.setConnectionString(null);
    }

    private static void agree(String option, String configured, String fromConnectionString) {
        if (configured != null && fromConnectionString != null && !configured.equals(fromConnectionString)) {
            throw new IllegalArgumentException(option + " '" + configured + "' disagrees with the connectionString's '"
                                               + fromConnectionString + "'");
        }
    }

    /** The devices gatewayDevices lists, connected when the endpoint starts. */
    List<IotHubGatewayDeviceList.Entry> listedDevices() {
        return listed;
    }

    /**
     * The settings of one device, its key looked up when a resolver is configured.
     *
     * @throws IllegalArgumentException when the id is not valid (the message names the header)
     * @throws IotHubException          when the resolver knows no key for the device
     */
    IotHubSettings forDevice(String deviceId, String moduleId) {
        IotHubConfiguration c = perDevice(deviceId, moduleId);
        IotHubDeviceKeyResolver keys = config.getDeviceKeyResolver();
        if (keys != null) {
            String key = keys.resolveKey(deviceId, moduleId);
            if (key == null) {
                throw new IotHubException("The deviceKeyResolver has no key for " + clientId(deviceId, moduleId)
                                          + " (named by header " + IotHubConstants.DEVICE_ID + ")", null, false);
            }
            c.setSharedAccessKey(key);
        }
        try {
            return new IotHubSettingsResolver(clock).resolve(c);
        } catch (IllegalArgumentException e) {
            String source = keys != null && e.getMessage().startsWith("sharedAccessKey")
                    ? "The deviceKeyResolver's key for " + clientId(deviceId, moduleId)
                    : "Header " + IotHubConstants.DEVICE_ID + " or " + IotHubConstants.MODULE_ID;
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    static String clientId(String deviceId, String moduleId) {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    private IotHubConfiguration perDevice(String deviceId, String moduleId) {
        IotHubConfiguration c = config.copy();
        c.setGateway(false);
        c.setDeviceId(deviceId);
        c.setModuleId(moduleId);
        return c;
    }
}

package io.cameliothub.component;

import java.util.Map;

import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.internal.IotHubTransport;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * UP while the device's connection to IoT Hub is open; DOWN while it connects, reconnects, failed or closed, with the
 * state and the last error as details.
 */
final class IotHubHealthCheck implements HealthCheck {

    private final String id;
    private final String clientId;
    private final IotHubTransport transport;
    private volatile boolean enabled = true;

    IotHubHealthCheck(String id, String clientId, IotHubTransport transport) {
        this.id = id;
        this.clientId = clientId;
        this.transport = transport;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false; // a hub that is away is no reason to restart the application
    }

    @Override
    public Result call(Map<String, Object> options) {
        ConnectionState state = transport.state();
        HealthCheckResultBuilder result = HealthCheckResultBuilder.on(this)
                .detail("iothub.device", clientId)
                .detail("iothub.state", state.name());
        Throwable error = transport.lastError();
        if (state == ConnectionState.CONNECTED) {
            return result.up().build();
        }
        result.down().message("IoT Hub connection of " + clientId + " is " + state);
        if (error != null) {
            result.error(error).detail("iothub.lastError", error.getMessage());
        }
        return result.build();
    }
}

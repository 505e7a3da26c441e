package io.cameliothub.component;

import org.apache.camel.spi.UriParam;

/**
 * What {@link IotHubConfiguration} does while the hub cannot be reached: reconnect backoff and failing fast (a
 * superclass, so the endpoint and component see these options as their own while each file keeps to one concern).
 */
public abstract class IotHubResilienceConfiguration extends IotHubGatewayConfiguration {

    /** The shortest wait before reconnecting after the connection dropped; waits grow exponentially, with jitter. */
    @UriParam(label = "advanced", defaultValue = "500ms", javaType = "java.time.Duration")
    private long reconnectMinBackoff = 500L;

    /** The longest wait between reconnection attempts. */
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration")
    private long reconnectMaxBackoff = 30_000L;

    /**
     * A send fails at once (with a retryable IotHubException naming the last connection error) when the device has been
     * disconnected for longer than this, instead of waiting in the send window for up to sendTimeout. 0 (the default)
     * keeps every message waiting for the connection to come back.
     */
    @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration")
    private long failFastWhenDisconnected;

    public long getReconnectMinBackoff() {
        return reconnectMinBackoff;
    }

    public void setReconnectMinBackoff(long reconnectMinBackoff) {
        this.reconnectMinBackoff = reconnectMinBackoff;
    }

    public long getReconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    public void setReconnectMaxBackoff(long reconnectMaxBackoff) {
        this.reconnectMaxBackoff = reconnectMaxBackoff;
    }

    public long getFailFastWhenDisconnected() {
        return failFastWhenDisconnected;
    }

    public void setFailFastWhenDisconnected(long failFastWhenDisconnected) {
        this.failFastWhenDisconnected = failFastWhenDisconnected;
    }
}

package io.cameliothub.component;

import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportRegistry;

/**
 * A producer's or consumer's hold on its device's shared transport, with the health check that reports on it: the one
 * copy of that setup for the producer, the push consumer and the polling consumer.
 */
final class IotHubDeviceLease implements AutoCloseable {

    private final TransportRegistry.Lease lease;
    private final IotHubHealthCheck healthCheck;
    private final IotHubMeterBinding meters;
    private boolean closed;

    private IotHubDeviceLease(TransportRegistry.Lease lease, IotHubHealthCheck healthCheck, IotHubMeterBinding meters) {
        this.lease = lease;
        this.healthCheck = healthCheck;
        this.meters = meters;
    }

    /**
     * @param kind "producer" or "consumer": names the health check and picks the component's switch for it
     */
    static IotHubDeviceLease acquire(IotHubEndpoint endpoint, String kind) throws Exception {
        IotHubComponent component = endpoint.getComponent();
        IotHubSettings settings = endpoint.getSettings();
        TransportRegistry.Lease lease = component.getTransports().acquire(settings.transport(),
                () -> component.resources(settings));
        IotHubHealthCheck check = new IotHubHealthCheck(kind + ":iothub-" + settings.clientId(), settings.clientId(),
                lease.transport());
        check.setEnabled("producer".equals(kind) ? component.isHealthCheckProducerEnabled()
                : component.isHealthCheckConsumerEnabled());
        IotHubMeterBinding meters = component.meters();
        meters.bind(lease.transport(), settings.transport());
        return new IotHubDeviceLease(lease, check, meters);
    }

    IotHubTransport transport() {
        return lease.transport();
    }

    IotHubHealthCheck healthCheck() {
        return healthCheck;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        meters.unbind(lease.transport());
        lease.close();
    }
}

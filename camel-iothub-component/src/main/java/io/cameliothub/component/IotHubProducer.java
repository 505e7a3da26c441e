package io.cameliothub.component;

import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.IotHubTransport;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends each exchange as a device-to-cloud message. The exchange completes when the hub acknowledged the message and
 * fails when the hub refused it, the connection dropped first, or no acknowledgement came within sendTimeout. Many
 * messages may be in flight at once (maxInFlight); no thread waits for an acknowledgement. A body that is a List is
 * sent as a batch (see {@link IotHubBatchMapper}): over HTTPS in as few requests as IoT Hub's size limit allows, over
 * the other wires as individual messages; the exchange completes when the hub accepted them all.
 * <p>
 * Never blocks the calling thread: when the device's window and queue are full the exchange fails at once with a
 * retryable IotHubException. The exchange continues on the component's completions executor, never on an I/O thread.
 */
public class IotHubProducer extends DefaultAsyncProducer {

    private final IotHubExchangeSender sender;
    private IotHubDeviceLease lease;
    private IotHubTransport transport;
    private WritableHealthCheckRepository healthRepository;

    public IotHubProducer(IotHubEndpoint endpoint) {
        super(endpoint);
        this.sender = new IotHubExchangeSender(endpoint);
    }

    @Override
    public IotHubEndpoint getEndpoint() {
        return (IotHubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IotHubEndpoint endpoint = getEndpoint();
        lease = IotHubDeviceLease.acquire(endpoint, "producer");
        transport = lease.transport();
        healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthRepository.addHealthCheck(lease.healthCheck());
        }
        endpoint.awaitOpen(transport);
    }

    @Override
    protected void doStop() throws Exception {
        if (lease != null) {
            if (healthRepository != null) {
                healthRepository.removeHealthCheck(lease.healthCheck());
            }
            lease.close();
            lease = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> sent;
        try {
            sent = sender.perform(transport, exchange);
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                exchange.setException(Errors.unwrap(error));
            }
            callback.done(false);
        });
        return false;
    }
}

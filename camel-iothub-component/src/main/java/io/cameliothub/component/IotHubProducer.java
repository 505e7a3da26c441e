package io.cameliothub.component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.D2cBatchSender;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.TransportRegistry;
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
 */
public class IotHubProducer extends DefaultAsyncProducer {

    private final IotHubMessageMapper mapper;
    private final IotHubBatchMapper batchMapper;
    private TransportRegistry.Lease lease;
    private IotHubTransport transport;
    private IotHubHealthCheck healthCheck;
    private WritableHealthCheckRepository healthRepository;

    public IotHubProducer(IotHubEndpoint endpoint) {
        super(endpoint);
        this.mapper = new IotHubMessageMapper(endpoint.getHeaderFilterStrategy(),
                IotHubBodyConverter.of(endpoint.getConfiguration()));
        this.batchMapper = new IotHubBatchMapper(mapper);
    }

    @Override
    public IotHubEndpoint getEndpoint() {
        return (IotHubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IotHubEndpoint endpoint = getEndpoint();
        lease = endpoint.getComponent().getTransports().acquire(endpoint.getSettings());
        transport = lease.transport();
        healthRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthRepository != null) {
            healthCheck = new IotHubHealthCheck("producer:iothub-" + endpoint.getSettings().clientId(),
                    endpoint.getSettings().clientId(), transport);
            healthCheck.setEnabled(endpoint.getComponent().isHealthCheckProducerEnabled());
            healthRepository.addHealthCheck(healthCheck);
        }
        endpoint.awaitOpen(transport);
    }

    @Override
    protected void doStop() throws Exception {
        if (healthRepository != null && healthCheck != null) {
            healthRepository.removeHealthCheck(healthCheck);
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<Void> sent;
        try {
            sent = IotHubBatchMapper.isBatch(exchange) ? sendBatch(batchMapper.toIotHub(exchange))
                    : transport.send(checkSize(mapper.toIotHub(exchange)));
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                exchange.setException(IotHubEndpoint.unwrap(error));
            }
            callback.done(false);
        });
        return false;
    }

    private CompletableFuture<Void> sendBatch(List<IotHubMessage> messages) {
        if (transport instanceof D2cBatchSender batchSender) {
            return batchSender.sendBatch(messages);
        }
        messages.forEach(IotHubProducer::checkSize);
        return CompletableFuture.allOf(messages.stream().map(transport::send).toArray(CompletableFuture[]::new));
    }

    private static IotHubMessage checkSize(IotHubMessage message) {
        int size = message.size();
        if (size > IotHubMessage.MAX_D2C_SIZE) {
            throw new IotHubException("The message is " + size + " bytes (body and properties); IoT Hub accepts at "
                                      + "most " + IotHubMessage.MAX_D2C_SIZE + " bytes per device-to-cloud message",
                    "413001", false);
        }
        return message;
    }
}

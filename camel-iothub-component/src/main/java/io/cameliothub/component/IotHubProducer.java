package io.cameliothub.component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.D2cBatchSender;
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

    private final IotHubMessageMapper mapper;
    private final IotHubBatchMapper batchMapper;
    private IotHubDeviceLease lease;
    private IotHubTransport transport;
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
            sent = switch (operation(exchange)) {
                case getTwin -> IotHubTwinOperations.getTwin(transport, exchange);
                case updateReportedProperties -> IotHubTwinOperations.updateReportedProperties(transport, exchange);
                case sendEvent -> sendEvent(exchange);
            };
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

    private CompletableFuture<Void> sendEvent(Exchange exchange) throws Exception {
        return IotHubBatchMapper.isBatch(exchange) ? sendBatch(batchMapper.toIotHub(exchange))
                : transport.send(defaultMessageId(checkSize(mapper.toIotHub(exchange)), exchange.getExchangeId()));
    }

    private IotHubOperation operation(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(IotHubConstants.OPERATION);
        if (header == null) {
            return getEndpoint().getConfiguration().getOperation();
        }
        if (header instanceof IotHubOperation op) {
            return op;
        }
        try {
            return IotHubOperation.valueOf(header.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Header " + IotHubConstants.OPERATION + " is '" + header
                                               + "'; expected sendEvent, getTwin or updateReportedProperties");
        }
    }

    private CompletableFuture<Void> sendBatch(List<IotHubMessage> messages) {
        D2cBatchSender batchSender = transport.capability(D2cBatchSender.class).orElse(null);
        if (batchSender != null) {
            return batchSender.sendBatch(messages);
        }
        messages.forEach(IotHubProducer::checkSize);
        return CompletableFuture.allOf(messages.stream().map(transport::send).toArray(CompletableFuture[]::new));
    }

    /**
     * A message the route gave no id gets one that Camel keeps across redeliveries of the exchange (the exchange id),
     * so that a message sent twice (its acknowledgement was lost with the connection) can be deduplicated downstream.
     * A message that the id would push over IoT Hub's size limit goes without.
     */
    static IotHubMessage defaultMessageId(IotHubMessage message, String id) {
        if (message.getMessageId() == null && message.size() + id.length() <= IotHubMessage.MAX_D2C_SIZE) {
            message.setMessageId(id);
        }
        return message;
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

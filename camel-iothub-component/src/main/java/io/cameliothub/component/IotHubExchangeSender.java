package io.cameliothub.component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.D2cBatchSender;
import io.cameliothub.component.transport.internal.IotHubTransport;
import org.apache.camel.Exchange;

/**
 * What a producer does with one exchange on a device's transport: the operation the endpoint or the
 * CamelIotHubOperation header names (send a message or a batch, read the twin, patch reported properties). Shared by
 * the one-device producer and the gateway producer.
 */
final class IotHubExchangeSender {

    private final IotHubMessageMapper mapper;
    private final IotHubBatchMapper batchMapper;
    private final IotHubOperation defaultOperation;

    IotHubExchangeSender(IotHubEndpoint endpoint) {
        this.mapper = new IotHubMessageMapper(endpoint.getHeaderFilterStrategy(),
                IotHubBodyConverter.of(endpoint.getConfiguration()));
        this.batchMapper = new IotHubBatchMapper(mapper);
        this.defaultOperation = endpoint.getConfiguration().getOperation();
    }

    /**
     * Starts the exchange's operation; the future completes when the hub answered.
     *
     * @throws Exception when the exchange cannot be sent at all (bad body, unknown operation, too large)
     */
    CompletableFuture<Void> perform(IotHubTransport transport, Exchange exchange) throws Exception {
        return switch (operation(exchange)) {
            case getTwin -> IotHubTwinOperations.getTwin(transport, exchange);
            case updateReportedProperties -> IotHubTwinOperations.updateReportedProperties(transport, exchange);
            case sendEvent -> sendEvent(transport, exchange);
        };
    }

    private CompletableFuture<Void> sendEvent(IotHubTransport transport, Exchange exchange) throws Exception {
        return IotHubBatchMapper.isBatch(exchange) ? sendBatch(transport, batchMapper.toIotHub(exchange))
                : transport.send(defaultMessageId(mapper.toIotHub(exchange), exchange.getExchangeId())); // size: checked there
    }

    private IotHubOperation operation(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(IotHubConstants.OPERATION);
        if (header == null) {
            return defaultOperation;
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

    private static CompletableFuture<Void> sendBatch(IotHubTransport transport, List<IotHubMessage> messages) {
        D2cBatchSender batchSender = transport.capability(D2cBatchSender.class).orElse(null);
        if (batchSender != null) {
            return batchSender.sendBatch(messages);
        }
        messages.forEach(IotHubExchangeSender::checkSize);
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

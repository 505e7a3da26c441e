package io.cameliothub.component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import io.cameliothub.component.transport.IotHubMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

/**
 * Maps an exchange whose body is a {@link List} to a batch of device-to-cloud messages, as Camel's aggregator produces
 * them: items that are Camel {@link Message}s or {@link Exchange}s carry their own headers; {@link IotHubMessage}s go
 * as they are; any other item (a String, a byte[], ...) becomes a message body with the headers of the exchange
 * (except its message id, which names one message only).
 */
final class IotHubBatchMapper {

    private final IotHubMessageMapper mapper;

    IotHubBatchMapper(IotHubMessageMapper mapper) {
        this.mapper = mapper;
    }

    static boolean isBatch(Exchange exchange) {
        return exchange.getMessage().getBody() instanceof List;
    }

    List<IotHubMessage> toIotHub(Exchange exchange) {
        List<?> items = exchange.getMessage().getBody(List.class);
        List<IotHubMessage> messages = new ArrayList<>(items.size());
        for (Object item : items) {
            int before = messages.size();
            if (item instanceof IotHubMessage m) {
                messages.add(m);
            } else if (item instanceof Message m) {
                messages.add(mapper.toIotHub(m, exchange));
            } else if (item instanceof Exchange e) {
                messages.add(mapper.toIotHub(e.getMessage(), exchange));
            } else {
                Message m = new DefaultMessage(exchange);
                m.setHeaders(new HashMap<>(exchange.getMessage().getHeaders()));
                m.removeHeader(IotHubConstants.MESSAGE_ID);
                m.setBody(item);
                messages.add(mapper.toIotHub(m, exchange));
            }
            IotHubExchangeSender.defaultMessageId(messages.get(before), exchange.getExchangeId() + "-" + before);
        }
        return messages;
    }
}

package io.cameliothub.component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import io.cameliothub.component.transport.internal.twin.DesiredUpdate;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultConsumer;

/**
 * Turns desired-property changes and direct-method calls into exchanges of a consumer's route. A method's exchange is
 * InOut: the route's result body is the response payload and {@link IotHubConstants#METHOD_STATUS} its status (200 by
 * default); a route that fails answers 500 with a JSON error naming the exception type (never its message, which may
 * carry anything).
 */
final class IotHubTwinReceivers {

    private final DefaultConsumer consumer;

    IotHubTwinReceivers(DefaultConsumer consumer) {
        this.consumer = consumer;
    }

    void onDesired(DesiredUpdate update) {
        Exchange exchange = consumer.createExchange(false);
        Message in = exchange.getMessage();
        in.setBody(update.properties().toString());
        in.setHeader(IotHubConstants.DESIRED_VERSION, update.version());
        in.setHeader(IotHubConstants.DESIRED_FULL_STATE, update.full());
        in.setHeader(IotHubConstants.CONTENT_TYPE, "application/json");
        try {
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            consumer.getExceptionHandler().handleException("The route failed a desired-properties change (version "
                                                           + update.version() + ")", exchange, exchange.getException());
        }
        consumer.releaseExchange(exchange, false);
    }

    CompletableFuture<MethodResult> onMethod(MethodInvocation invocation) {
        Exchange exchange = consumer.createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Message in = exchange.getMessage();
        in.setBody(new String(invocation.payload() == null ? new byte[0] : invocation.payload(), StandardCharsets.UTF_8));
        in.setHeader(IotHubConstants.METHOD_NAME, invocation.name());
        in.setHeader(IotHubConstants.METHOD_REQUEST_ID, String.valueOf(invocation.requestId()));
        in.setHeader(IotHubConstants.CONTENT_TYPE, "application/json");
        CompletableFuture<MethodResult> result = new CompletableFuture<>();
        consumer.getAsyncProcessor().process(exchange, doneSync -> {
            try {
                result.complete(answer(exchange));
            } catch (RuntimeException e) {
                result.complete(failure(e));
            } finally {
                consumer.releaseExchange(exchange, false);
            }
        });
        return result;
    }

    private static MethodResult answer(Exchange exchange) {
        if (exchange.getException() != null) {
            return failure(exchange.getException());
        }
        Message out = exchange.getMessage();
        Integer status = out.getHeader(IotHubConstants.METHOD_STATUS, Integer.class);
        return new MethodResult(status == null ? 200 : status, IotHubTwinOperations.TwinJson.anyBytes(out.getBody()));
    }

    private static MethodResult failure(Throwable e) {
        String json = "{\"error\":\"" + e.getClass().getSimpleName() + "\",\"message\":\"the route failed\"}";
        return new MethodResult(500, json.getBytes(StandardCharsets.UTF_8));
    }
}

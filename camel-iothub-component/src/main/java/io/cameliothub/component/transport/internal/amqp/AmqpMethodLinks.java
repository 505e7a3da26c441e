package io.cameliothub.component.transport.internal.amqp;

import java.util.Map;
import java.util.function.Consumer;

import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's direct-method links ({@code /devices/{id}[/modules/{mid}]/methods/devicebound}): attaching both is the
 * subscription; each request (uuid correlation id, name in {@code IoThub-methodname}) is accepted and handed on, and
 * its answer echoes the correlation id with the status in {@code IoThub-status}. Loop thread only.
 */
final class AmqpMethodLinks {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpMethodLinks.class);

    private final AmqpLinkPair links;
    private final String clientId;
    private final Consumer<MethodInvocation> invoked;

    AmqpMethodLinks(Session session, AmqpConnection connection, String path, String clientId,
                    Map<Symbol, Object> properties, Object context, Consumer<MethodInvocation> invoked) {
        this.clientId = clientId;
        this.invoked = invoked;
        this.links = new AmqpLinkPair(session, connection, path + "/methods/devicebound", "methods", clientId,
                properties, context, this::arrived);
    }

    AmqpLinkPair links() {
        return links;
    }

    java.util.concurrent.CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
        return links.send(AmqpTwinCodec.methodResponse(invocation.requestId(), result.status(), result.payload()));
    }

    private boolean arrived(Message m) {
        AmqpTwinCodec.MethodIncoming in = AmqpTwinCodec.methodIncoming(m);
        if (in.correlationId() == null || in.name() == null) {
            LOG.warn("{}: a method request without correlation id or method name was rejected", clientId);
            return false;
        }
        invoked.accept(new MethodInvocation(in.name(), in.body(), in.correlationId()));
        return true;
    }
}

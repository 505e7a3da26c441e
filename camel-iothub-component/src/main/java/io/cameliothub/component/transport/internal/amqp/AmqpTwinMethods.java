package io.cameliothub.component.transport.internal.amqp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Channel;
import io.cameliothub.component.transport.internal.DeviceWire;
import io.cameliothub.component.transport.internal.MethodInvocation;
import io.cameliothub.component.transport.internal.MethodResult;
import io.cameliothub.component.transport.internal.TwinReply;
import io.cameliothub.component.transport.internal.TwinRequest;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Session;

/**
 * The twin and direct-method links of one device's AMQP session, attached when first needed (a twin request, a
 * subscription) and gone with the session: the session core subscribes again on the next connection. Loop thread
 * only.
 */
final class AmqpTwinMethods {

    private final Session session;
    private final AmqpConnection connection;
    private final String path;
    private final String clientId;
    private final Map<Symbol, Object> properties;
    private final Object context;
    private final DeviceWire.Events events;
    private AmqpTwinLinks twin;
    private AmqpMethodLinks methods;

    AmqpTwinMethods(Session session, AmqpConnection connection, String path, String clientId,
                    Map<Symbol, Object> properties, Object context, DeviceWire.Events events) {
        this.session = session;
        this.connection = connection;
        this.path = path;
        this.clientId = clientId;
        this.properties = properties;
        this.context = context;
        this.events = events;
    }

    CompletableFuture<Void> subscribe(Channel channel) {
        return channel == Channel.TWIN ? twin().subscribeDesired() : methods().links().attached();
    }

    /**
     * Ends a subscription when its consumer left: the desired notifications are cancelled (the twin links stay for
     * requests), the method links are detached (IoT Hub then answers callers 404103, device not online).
     */
    CompletableFuture<Void> unsubscribe(Channel channel) {
        if (channel == Channel.TWIN) {
            return twin == null ? CompletableFuture.completedFuture(null) : twin.unsubscribeDesired();
        }
        if (methods != null) {
            methods.links().close(new IotHubException("The direct-methods consumer of " + clientId + " stopped", null,
                    false));
            methods = null;
            connection.flush();
        }
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<TwinReply> twin(TwinRequest request) {
        return twin().request(request);
    }

    CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
        if (methods == null) {
            return CompletableFuture.failedFuture(new IotHubException("The method links of " + clientId
                    + " closed before the answer to " + invocation.name() + " could be sent", null, true));
        }
        return methods.respond(invocation, result);
    }

    /** Whether the link is one of these and still wanted (a link this side closed is no loss). */
    boolean ownsOpen(Object link) {
        return pair(link) != null && !pair(link).isClosed();
    }

    /** @return whether the link was one of these */
    boolean linkOpened(Link link) {
        AmqpLinkPair p = pair(link);
        if (p != null) {
            p.linkOpened(link);
        }
        return p != null;
    }

    /** @return whether the delivery was on one of these links */
    boolean onDelivery(Delivery d) {
        AmqpLinkPair p = pair(d.getLink());
        if (p != null) {
            p.onDelivery(d);
        }
        return p != null;
    }

    void creditArrived() {
        if (twin != null) {
            twin.links().sendWithinCredit();
        }
        if (methods != null) {
            methods.links().sendWithinCredit();
        }
    }

    void close(Throwable cause) {
        if (twin != null) {
            twin.close(cause);
        }
        if (methods != null) {
            methods.links().close(cause);
        }
    }

    private AmqpLinkPair pair(Object link) {
        if (twin != null && twin.links().owns(link)) {
            return twin.links();
        }
        return methods != null && methods.links().owns(link) ? methods.links() : null;
    }

    private AmqpTwinLinks twin() {
        if (twin == null) {
            twin = new AmqpTwinLinks(session, connection, path, clientId, properties, context, events::desired);
            connection.flush();
        }
        return twin;
    }

    private AmqpMethodLinks methods() {
        if (methods == null) {
            methods = new AmqpMethodLinks(session, connection, path, clientId, properties, context, events::invoked);
            connection.flush();
        }
        return methods;
    }
}

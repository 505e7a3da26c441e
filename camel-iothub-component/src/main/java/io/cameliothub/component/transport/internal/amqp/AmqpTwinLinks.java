package io.cameliothub.component.transport.internal.amqp;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.TwinReply;
import io.cameliothub.component.transport.internal.TwinRequest;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * A device's twin links ({@code /devices/{id}[/modules/{mid}]/twin}): GET and reported PATCH requests with a uuid
 * correlation id, answered on the receiver link with the same id; the desired-properties subscription (a PUT of
 * {@code /notifications/twin/properties/desired}, which IoT Hub needs before it sends desired changes); desired
 * notifications, which carry no correlation id. Loop thread only.
 */
final class AmqpTwinLinks {

    private final AmqpLinkPair links;
    private final Consumer<byte[]> desired;
    /** Completed on the loop, or by a caller that gave up (any thread). */
    private final Map<String, CompletableFuture<TwinReply>> pending = new ConcurrentHashMap<>();
    private CompletableFuture<Void> subscribed;

    AmqpTwinLinks(Session session, AmqpConnection connection, String path, String clientId,
                  Map<Symbol, Object> properties, Object context, Consumer<byte[]> desired) {
        this.desired = desired;
        this.links = new AmqpLinkPair(session, connection, path + "/twin", "twin", clientId, properties, context,
                this::arrived);
    }

    AmqpLinkPair links() {
        return links;
    }

    CompletableFuture<TwinReply> request(TwinRequest request) {
        UUID id = UUID.randomUUID();
        return exchange(id, request.isGet() ? AmqpTwinCodec.getTwin(id)
                : AmqpTwinCodec.patchReported(id, request.patch(), request.version()));
    }

    /** Subscribes desired notifications once per pair of links; completes when the hub confirmed it. */
    CompletableFuture<Void> subscribeDesired() {
        if (subscribed == null || subscribed.isCompletedExceptionally()) {
            UUID id = UUID.randomUUID();
            subscribed = links.attached().thenCompose(ok -> exchange(id, AmqpTwinCodec.subscribeDesired(id)))
                    .thenAccept(reply -> {
                        if (reply.status() >= 300) {
                            throw new IotHubException("IoT Hub refused the desired-properties subscription (status "
                                                      + reply.status() + ")", null, reply.status() >= 500);
                        }
                    });
        }
        return subscribed;
    }

    /**
     * Ends the desired-properties subscription (a DELETE of the same resource); the links stay for twin requests.
     * Completes when the hub confirmed it, at once when there was none.
     */
    CompletableFuture<Void> unsubscribeDesired() {
        if (subscribed == null) {
            return CompletableFuture.completedFuture(null);
        }
        subscribed = null;
        UUID id = UUID.randomUUID();
        return exchange(id, AmqpTwinCodec.unsubscribeDesired(id)).thenAccept(reply -> {
            if (reply.status() >= 300) {
                throw new IotHubException("IoT Hub refused to end the desired-properties subscription (status "
                                          + reply.status() + ")", null, reply.status() >= 500);
            }
        });
    }

    private CompletableFuture<TwinReply> exchange(UUID id, Message message) {
        CompletableFuture<TwinReply> reply = new CompletableFuture<>();
        String key = id.toString();
        pending.put(key, reply);
        reply.whenComplete((r, e) -> pending.remove(key));
        links.send(message).whenComplete((ok, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply;
    }

    private boolean arrived(Message m) {
        AmqpTwinCodec.TwinIncoming in = AmqpTwinCodec.twinIncoming(m);
        if (in.isDesiredUpdate()) {
            desired.accept(in.body());
            return true;
        }
        CompletableFuture<TwinReply> reply = pending.get(in.correlationId());
        if (reply != null) {
            reply.complete(new TwinReply(in.status(), in.version(), in.body()));
        }
        return true;
    }

    void close(Throwable cause) {
        links.close(cause);
        new HashMap<>(pending).values().forEach(f -> f.completeExceptionally(cause));
    }
}

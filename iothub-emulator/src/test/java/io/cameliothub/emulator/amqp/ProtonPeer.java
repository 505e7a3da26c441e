package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A minimal AMQP device-side peer for emulator tests, on vertx-proton's client: everything runs on one Vert.x
 * context, and the test thread waits on futures.
 */
final class ProtonPeer implements AutoCloseable {

    record Received(ProtonDelivery delivery, Message message) {
    }

    /** A sender link: its sends' outcomes and how (and whether) the hub closed it. */
    final class Link {
        final CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        ProtonSender sender;
        ProtonReceiver receiver;

        /** Sends without waiting for the outcome (which may never come). */
        CompletableFuture<DeliveryState> sendAsync(Message m) {
            CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
            context.runOnContext(v -> sender.send(m, d -> outcome.complete(d.getRemoteState())));
            return outcome;
        }

        DeliveryState send(Message m) {
            return call(() -> {
                CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
                sender.send(m, d -> outcome.complete(d.getRemoteState()));
                return outcome;
            });
        }

        void settle(Received r, DeliveryState state) {
            call(() -> {
                r.delivery().disposition(state, true);
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final ProtonConnection connection;
    /** Completes when the TCP connection is gone (dropped by the hub or closed). */
    final CompletableFuture<Void> disconnected;
    private ProtonSender cbsSender;
    private final Map<Object, CompletableFuture<Message>> cbsReplies = new HashMap<>();

    private ProtonPeer(Vertx vertx, Context context, ProtonConnection connection, CompletableFuture<Void> disconnected) {
        this.disconnected = disconnected;
        this.vertx = vertx;
        this.context = context;
        this.connection = connection;
    }

    /** Connects over TLS with SASL {@code mechanism} (PLAIN needs user and password). */
    static ProtonPeer connect(IotHubEmulatorExtension hub, String mechanism, String user, String password) {
        Vertx vertx = Vertx.vertx();
        Context context = vertx.getOrCreateContext();
        CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        context.runOnContext(v -> {
            ProtonClientOptions options = new ProtonClientOptions();
            options.setSsl(true);
            options.setHostnameVerificationAlgorithm("");
            options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(hub.hub().tls().caCertificatePem())));
            options.addEnabledSaslMechanism(mechanism);
            ProtonClient.create(vertx).connect(options, "127.0.0.1", hub.amqpPort(), user, password, r -> {
                if (r.failed()) {
                    opened.completeExceptionally(r.cause());
                    return;
                }
                ProtonConnection c = r.result();
                c.setHostname(hub.hostName());
                c.disconnectHandler(x -> disconnected.complete(null));
                c.openHandler(o -> {
                    if (o.succeeded()) {
                        opened.complete(c);
                    } else {
                        opened.completeExceptionally(o.cause());
                    }
                });
                c.open();
            });
        });
        try {
            return new ProtonPeer(vertx, context, opened.get(20, TimeUnit.SECONDS), disconnected);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot connect: " + e, e);
        }
    }

    /** A CBS put-token; returns the reply's status-code. */
    int putToken(String type, String audience, String token) {
        Message reply = call(() -> {
            if (cbsSender == null) {
                cbsSender = connection.createSender("$cbs");
                cbsSender.open();
                ProtonReceiver replies = connection.createReceiver("$cbs");
                Target t = new Target();
                t.setAddress("cbs");
                replies.setTarget(t);
                replies.handler((d, m) -> {
                    CompletableFuture<Message> f = cbsReplies.remove(m.getCorrelationId());
                    if (f != null) {
                        f.complete(m);
                    }
                });
                replies.open();
            }
            String id = UUID.randomUUID().toString();
            Message m = Message.Factory.create();
            m.setMessageId(id);
            m.setAddress("$cbs");
            m.setReplyTo("cbs");
            Map<String, Object> props = new HashMap<>();
            props.put("operation", "put-token");
            if (type != null) {
                props.put("type", type);
            }
            props.put("name", audience);
            m.setApplicationProperties(new ApplicationProperties(props));
            m.setBody(new AmqpValue(token));
            CompletableFuture<Message> f = new CompletableFuture<>();
            cbsReplies.put(id, f);
            cbsSender.send(m);
            return f;
        });
        return ((Number) reply.getApplicationProperties().getValue().get("status-code")).intValue();
    }

    /** Attaches a sender link to {@code address} and waits for the hub's attach (or refusal). */
    Link sender(String address) {
        Link link = new Link();
        call(() -> {
            CompletableFuture<Void> attached = new CompletableFuture<>();
            ProtonSender s = connection.createSender(address);
            link.sender = s;
            s.openHandler(r -> attached.complete(null));
            s.closeHandler(r -> {
                link.closed.complete(s.getRemoteCondition());
                attached.complete(null);
            });
            s.open();
            return attached;
        });
        return link;
    }

    /** Attaches a receiver link from {@code address}; messages stay unsettled until the test settles them. */
    Link receiver(String address) {
        Link link = new Link();
        call(() -> {
            CompletableFuture<Void> attached = new CompletableFuture<>();
            ProtonReceiver r = connection.createReceiver(address);
            link.receiver = r;
            Source source = new Source();
            source.setAddress(address);
            r.setSource(source);
            r.setAutoAccept(false);
            r.handler((d, m) -> link.received.add(new Received(d, m)));
            r.openHandler(x -> attached.complete(null));
            r.closeHandler(x -> {
                link.closed.complete(r.getRemoteCondition());
                attached.complete(null);
            });
            r.open();
            return attached;
        });
        return link;
    }

    boolean isOpen() {
        return call(() -> CompletableFuture.completedFuture(!connection.isDisconnected()));
    }

    private <T> T call(Supplier<CompletableFuture<T>> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.get().whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    @Override
    public void close() {
        context.runOnContext(v -> connection.close());
        vertx.close();
    }
}

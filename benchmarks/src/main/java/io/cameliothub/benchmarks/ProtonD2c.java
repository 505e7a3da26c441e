package io.cameliothub.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonSender;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

/**
 * A bare AMQP sender on vertx-proton (proton-j underneath): SASL PLAIN as {@code {deviceId}@sas.{hub}} and one
 * sender link, sending as fast as the hub's link credit allows. The emulator's AMQP ingress ceiling.
 */
final class ProtonD2c implements D2cClient {

    private Vertx vertx;
    private Context context;
    private ProtonConnection connection;
    private ProtonSender sender;

    @Override
    public String name() {
        return "raw proton-j (vertx-proton, link credit)";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        String token = SasTokens.forDevice(connectionString);
        context.runOnContext(v -> {
            ProtonClientOptions options = new ProtonClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
                    .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(hub.emulator().tls().caCertificatePem())))
                    .addEnabledSaslMechanism("PLAIN");
            String user = deviceId + "@sas." + Hub.HOST.substring(0, Hub.HOST.indexOf('.'));
            ProtonClient.create(vertx).connect(options, "127.0.0.1", 5671, user, token, ar -> {
                if (ar.failed()) {
                    ready.completeExceptionally(ar.cause());
                    return;
                }
                connection = ar.result().setHostname(Hub.HOST);
                connection.openHandler(opened -> {
                    sender = connection.createSender("/devices/" + deviceId + "/messages/events");
                    sender.openHandler(s -> ready.complete(null));
                    sender.open();
                });
                connection.open();
            });
        });
        ready.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger settled = new AtomicInteger();
        context.runOnContext(v -> pump(count, payload, sent, settled, done));
        done.get(10, TimeUnit.MINUTES);
    }

    private void pump(int count, byte[] payload, AtomicInteger sent, AtomicInteger settled, CompletableFuture<Void> done) {
        while (sent.get() < count && !sender.sendQueueFull()) {
            sent.incrementAndGet();
            Message message = Message.Factory.create();
            message.setBody(new Data(new Binary(payload)));
            sender.send(message, delivery -> {
                if (!(delivery.getRemoteState() instanceof Accepted)) {
                    done.completeExceptionally(new IllegalStateException("refused: " + delivery.getRemoteState()));
                } else if (settled.incrementAndGet() == count) {
                    done.complete(null);
                }
            });
        }
        if (sent.get() < count) {
            sender.sendQueueDrainHandler(s -> pump(count, payload, sent, settled, done));
        }
    }

    @Override
    public void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

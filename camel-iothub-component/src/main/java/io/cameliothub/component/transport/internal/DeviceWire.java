package io.cameliothub.component.transport.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * The narrow contract a protocol implements for one device; the {@link DeviceSession} holds all the policy (state,
 * window, backoff, renewal timing, close and fail). A wire never blocks the calling thread and never runs route code.
 */
public interface DeviceWire {

    /** How the wire presents a fresh token. */
    enum Renewal {
        /** In the open connection (AMQP CBS put-token): {@link Connection#renew}. */
        IN_PLACE,
        /** By a planned reconnect with the new token (MQTT): the session drains, closes and connects again. */
        RECONNECT,
        /** Every request carries a fresh token (HTTPS): nothing to schedule. */
        PER_REQUEST
    }

    /** What a connection tells its session; any thread, never blocking. */
    interface Events {
        /**
         * The connection is gone (network, hub, detach); the session stops sending and reconnects. The wire then fails
         * every publish the hub may have received and fails the others with {@link SendWindow.NotSent}.
         */
        void lost(Throwable cause);

        /** A message arrived on a subscribed channel; the session hands it to the handler off the I/O thread. */
        void received(Channel channel, C2dDelivery delivery);

        /** A desired-properties notification (the patch JSON with its {@code $version}) on the TWIN channel. */
        default void desired(byte[] patch) {
        }

        /** A direct-method call on the METHODS channel; answered through {@link Connection#respond}. */
        default void invoked(MethodInvocation invocation) {
        }

        /**
         * For request-based wires (HTTPS), which have no connection to lose: a request could not reach the hub or was
         * refused (null: a request succeeded again). The state and health follow; nothing reconnects.
         */
        default void requestOutcome(Throwable failure) {
        }
    }

    /** One live connection of the device; replaced on every reconnect. */
    interface Connection {
        /** Puts a message on the wire; completes on the hub's acknowledgement; fails with {@link SendWindow.NotSent}
         *  when the message never left. */
        CompletableFuture<Void> publish(IotHubMessage message);

        CompletableFuture<Void> subscribe(Channel channel);

        CompletableFuture<Void> unsubscribe(Channel channel);

        /** Wires that carry {@link Channel#TWIN}: a twin read or reported patch, completed by the hub's answer. */
        default CompletableFuture<TwinReply> twin(TwinRequest request) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("device twin"));
        }

        /** Wires that carry {@link Channel#METHODS}: the answer to an invocation this connection delivered. */
        default CompletableFuture<Void> respond(MethodInvocation invocation, MethodResult result) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("direct methods"));
        }

        /** {@link Renewal#IN_PLACE} wires only. */
        default CompletableFuture<Void> renew(SasToken token) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("renewal in place"));
        }

        /** Closes the connection without blocking; idempotent; no {@link Events#lost} follows. */
        void close();
    }

    Set<Channel> channels();

    Renewal renewal();

    /**
     * Connects with the token (null for X.509). Completes when the hub accepted the device; fails with an
     * {@link IotHubException} that is not retryable when the hub refused it for good.
     */
    CompletableFuture<Connection> connect(SasToken token, Events events);

    /** The wire leaves for good (the session closed): release what it shares with other devices. */
    default void release() {
    }
}

package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.Protocol;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Source;
import org.apache.qpid.proton.amqp.transport.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection, carrying any number of devices up to the per-connection limit, each authenticated by its own
 * CBS put-token (or the single identity of SASL PLAIN). Routes link attaches to the CBS node or to the identity the
 * address names, which must be authenticated on this connection. Runs on the connection's context.
 */
final class AmqpHubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpHubConnection.class);

    private final HubCore core;
    private final Vertx vertx;
    private final Context context;
    private final ProtonConnection connection;
    private final AmqpPeer peer;
    private final int maxDevices;
    private final Consumer<Identity> onPutToken;
    private final Consumer<AmqpHubConnection> onGone;
    private final Map<Identity, AmqpDevice> devices = new HashMap<>();
    private final CbsNode cbs;
    private final AmqpServiceLinks service;
    private boolean gone;

    AmqpHubConnection(HubCore core, Vertx vertx, ProtonConnection connection, AmqpPeer peer, int maxDevices,
                      Consumer<Identity> onPutToken, Consumer<AmqpHubConnection> onGone) {
        this.core = core;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.connection = connection;
        this.peer = peer;
        this.maxDevices = maxDevices;
        this.onPutToken = onPutToken;
        this.onGone = onGone;
        this.service = new AmqpServiceLinks(core, vertx, context, peer.remoteAddress());
        this.cbs = new CbsNode(core, this::authorize, service::authorized);
    }

    void start() {
        connection.openHandler(r -> connection.open());
        connection.closeHandler(r -> {
            connection.close();
            connection.disconnect();
        });
        connection.disconnectHandler(c -> gone());
        connection.sessionOpenHandler(s -> {
            s.closeHandler(r -> s.close());
            s.open();
        });
        connection.receiverOpenHandler(this::onReceiverOpen);
        connection.senderOpenHandler(this::onSenderOpen);
        if (peer.plainAuth() != null) {
            HubException refused = authorize(peer.plainAuth());
            if (refused != null) {
                connection.setCondition(new ErrorCondition(Symbol.valueOf("amqp:unauthorized-access"),
                        refused.getMessage()));
                connection.close();
            }
        }
        if (peer.servicePlainAuth() != null) {
            service.authorized(peer.servicePlainAuth());
        }
    }

    /** A token for an identity was accepted: the identity may now attach its links here. @return null or a refusal */
    private HubException authorize(AuthResult auth) {
        Identity identity = auth.identity();
        AmqpDevice device = devices.get(identity);
        if (device != null && !device.isClosed()) {
            device.authorized(auth);
        } else {
            if (devices.size() >= maxDevices) {
                return new HubException(IotHubError.QUOTA_EXCEEDED, "this connection already carries " + maxDevices
                        + " devices, the most IoT Hub allows over " + peer.protocol());
            }
            device = new AmqpDevice(this, core, vertx, context, auth);
            devices.put(identity, device);
            core.connections().register(device);
        }
        onPutToken.accept(identity);
        return null;
    }

    private void onReceiverOpen(ProtonReceiver link) {
        if (AmqpServiceLinks.isC2dAddress(address(link.getRemoteTarget()))) {
            service.attachC2d(link);
            return;
        }
        AmqpAddress address = AmqpAddress.parse(address(link.getRemoteTarget()));
        if (address == null || address.kind() == AmqpAddress.Kind.DEVICEBOUND) {
            refuse(link, "amqp:not-found", "no node to send to at " + address(link.getRemoteTarget()));
            return;
        }
        if (address.kind() == AmqpAddress.Kind.CBS) {
            link.setTarget(link.getRemoteTarget());
            link.setAutoAccept(false);
            link.handler((delivery, message) -> guarded("a CBS request", () -> cbs.onRequest(delivery, message)));
            link.closeHandler(r -> link.close());
            link.open();
            return;
        }
        AmqpDevice device = deviceOrRefuse(link, address.identity());
        if (device == null) {
            return;
        }
        switch (address.kind()) {
            case TWIN -> device.twinMethods().attachTwinRequests(link);
            case METHODS -> device.twinMethods().attachMethodResponses(link);
            default -> device.attachEvents(link);
        }
    }

    private void onSenderOpen(ProtonSender link) {
        if (AmqpServiceLinks.isFeedbackAddress(address(link.getRemoteSource()))) {
            service.attachFeedback(link);
            return;
        }
        AmqpAddress address = AmqpAddress.parse(address(link.getRemoteSource()));
        if (address == null || address.kind() == AmqpAddress.Kind.EVENTS) {
            refuse(link, "amqp:not-found", "no node to receive from at " + address(link.getRemoteSource()));
            return;
        }
        if (address.kind() == AmqpAddress.Kind.CBS) {
            link.setSource(link.getRemoteSource());
            link.closeHandler(r -> link.close());
            link.open();
            cbs.replyLink(link);
            return;
        }
        AmqpDevice device = deviceOrRefuse(link, address.identity());
        if (device == null) {
            return;
        }
        switch (address.kind()) {
            case TWIN -> device.twinMethods().attachTwinResponses(link);
            case METHODS -> device.twinMethods().attachMethodRequests(link);
            default -> device.attachC2d(link);
        }
    }

    /** The identity's device on this connection, or null after refusing the link. */
    private AmqpDevice deviceOrRefuse(ProtonLink<?> link, Identity identity) {
        AmqpDevice device = devices.get(identity);
        if ((device == null || device.isClosed()) && !peer.clientCertificates().isEmpty()) {
            // X.509: the TLS client certificate authenticates the identity the link names
            try {
                HubException refused = authorize(core.authenticate(peer.clientCertificates(), identity));
                if (refused != null) {
                    refuse(link, "amqp:resource-limit-exceeded", refused.getMessage());
                    return null;
                }
            } catch (HubException e) {
                refuse(link, e.status() == 404 ? "amqp:not-found" : "amqp:unauthorized-access", e.getMessage());
                return null;
            }
            device = devices.get(identity);
        }
        if (device == null || device.isClosed()) {
            refuse(link, "amqp:unauthorized-access", identity + " has not authenticated on this connection");
            return null;
        }
        return device;
    }

    private static void refuse(ProtonLink<?> link, String condition, String description) {
        LOG.info("refusing link {}: {}", link.getName(), description);
        if (link instanceof ProtonReceiver r) {
            r.setPrefetch(0);
        }
        link.setCondition(new ErrorCondition(Symbol.valueOf(condition), description));
        link.open();
        link.close();
    }

    private static String address(Object terminus) {
        if (terminus instanceof Target t) {
            return t.getAddress();
        }
        if (terminus instanceof Source s) {
            return s.getAddress();
        }
        return null;
    }

    /** Runs a handler; whatever it throws closes the connection with {@code amqp:internal-error} and a log line. */
    void guarded(String what, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            LOG.warn("closing the AMQP connection from {}: {} failed: {}", peer.remoteAddress(), what, e.toString());
            connection.setCondition(new ErrorCondition(Symbol.valueOf("amqp:internal-error"),
                    what + " could not be handled: " + e.getClass().getSimpleName()));
            connection.close();
            vertx.setTimer(1000, t -> disconnect());
        }
    }

    /** The identity left (token expired, taken over): it must put a token again to come back. */
    void forget(AmqpDevice device) {
        devices.remove(device.identity(), device);
    }

    /** Drops the whole connection, as a network failure would. */
    void disconnect() {
        connection.disconnect();
        gone();
    }

    private void gone() {
        if (gone) {
            return;
        }
        gone = true;
        service.cleanup();
        new ArrayList<>(devices.values()).forEach(AmqpDevice::cleanup);
        devices.clear();
        onGone.accept(this);
    }

    int deviceCount() {
        return devices.size();
    }

    Protocol protocol() {
        return peer.protocol();
    }

    String remoteAddress() {
        return peer.remoteAddress();
    }

    Context context() {
        return context;
    }
}

package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.ServiceAuth;
import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.sasl.ProtonSaslAuthenticator;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SASL exchange of one AMQP connection, or its absence: a client may open with the plain AMQP protocol header and
 * no SASL layer at all (some official SDKs do), which is accepted like ANONYMOUS and authenticated by CBS later. ANONYMOUS and MSSBCBS defer authentication to CBS put-token; PLAIN carries
 * {@code {deviceId}[/modules/{moduleId}]@sas.{hubName}} and a SAS token and authenticates that one identity for the
 * whole connection, or {@code {policy}@sas.root.{hubName}} and a policy token (a backend). A client with a TLS client
 * certificate skips SASL too (the official SDKs do so for X.509): its devices authenticate by that certificate when
 * their links attach. Whatever it learns goes into an {@link AmqpPeer} in the connection's attachments.
 */
final class AmqpSasl implements ProtonSaslAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpSasl.class);
    private static final Pattern PLAIN_USER = Pattern.compile("^(.+?)(?:/modules/(.+))?@sas\\.(.+)$");
    private static final Pattern PLAIN_POLICY = Pattern.compile("^(.+?)@sas\\.root\\.(.+)$", Pattern.CASE_INSENSITIVE);

    private final HubCore core;
    private final Function<NetSocket, AmqpPeer> peerOf;
    private Sasl sasl;
    private NetSocket socket;
    private ProtonConnection connection;
    private AmqpPeer peer;
    private boolean succeeded;

    AmqpSasl(HubCore core, Function<NetSocket, AmqpPeer> peerOf) {
        this.core = core;
        this.peerOf = peerOf;
    }

    @Override
    public void init(NetSocket socket, ProtonConnection connection, Transport transport) {
        this.socket = socket;
        this.connection = connection;
        sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(true);
        sasl.setMechanisms("MSSBCBS", "PLAIN", "ANONYMOUS");
        ((org.apache.qpid.proton.engine.impl.TransportImpl) transport).setProtocolTracer(new AmqpFrameGuard(socket));
        closeUnlessOpenedIn(core.limits().amqpOpenTimeout());
    }

    /**
     * A peer that completes TLS and then sends nothing, or stops inside SASL, would hold its socket until the idle
     * timeout (4 minutes), or for ever before the transport runs its idle check: it gets as long as MQTT's CONNECT.
     */
    private void closeUnlessOpenedIn(java.time.Duration deadline) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            return;
        }
        context.owner().setTimer(Math.max(1, deadline.toMillis()), t -> {
            if (connection.getRemoteContainer() == null && !connection.isDisconnected()) {
                LOG.info("closing the AMQP connection from {}: no Open frame within {} ms", socket.remoteAddress(),
                        deadline.toMillis());
                socket.close();
            }
        });
    }

    @Override
    public void process(Handler<Boolean> done) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        if (mechanisms.length == 0) {
            if (connection.getRemoteContainer() != null) {
                // an Open frame arrived with no SASL before it: the client skipped SASL (plain AMQP header)
                resolvePeer();
                succeeded = outcome("ANONYMOUS") == Sasl.SaslOutcome.PN_SASL_OK;
                done.handle(true);
            } else {
                done.handle(false);
            }
            return;
        }
        resolvePeer();
        String mechanism = mechanisms[0].toUpperCase(Locale.ROOT);
        Sasl.SaslOutcome outcome = outcome(mechanism);
        succeeded = outcome == Sasl.SaslOutcome.PN_SASL_OK;
        sasl.done(outcome);
        done.handle(true);
    }

    /** Resolved only now: a bridged connection's peer is known once bytes flow, not yet when the socket is accepted. */
    private void resolvePeer() {
        peer = peerOf.apply(socket);
        if (peer != null) {
            connection.attachments().set(AmqpPeer.KEY, AmqpPeer.class, peer);
        }
    }

    private Sasl.SaslOutcome outcome(String mechanism) {
        if (peer == null) {
            LOG.info("refusing an AMQP connection that did not come through a listening port");
            return Sasl.SaslOutcome.PN_SASL_SYS;
        }
        if (core.faults().refusingConnections()) {
            LOG.info("refusing the AMQP connection from {} (fault: refusing connections)", peer.remoteAddress());
            return Sasl.SaslOutcome.PN_SASL_TEMP;
        }
        switch (mechanism) {
            case "ANONYMOUS", "MSSBCBS":
                return Sasl.SaslOutcome.PN_SASL_OK;
            case "PLAIN":
                return plain();
            default:
                return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
    }

    private Sasl.SaslOutcome plain() {
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        String[] parts = new String(response, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3) {
            return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
        String hubName = core.hostName().split("\\.", 2)[0];
        Matcher policy = PLAIN_POLICY.matcher(parts[1]);
        if (policy.matches()) {
            return plainPolicy(policy.group(1), policy.group(2), hubName, parts[2]);
        }
        Matcher m = PLAIN_USER.matcher(parts[1]);
        if (!m.matches() || !m.group(3).equalsIgnoreCase(hubName)) {
            LOG.info("refusing SASL PLAIN user '{}': expected {{deviceId}}@sas.{}", parts[1], hubName);
            return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
        Identity claimed = m.group(2) == null ? Identity.device(m.group(1)) : Identity.module(m.group(1), m.group(2));
        try {
            AuthResult auth = core.authenticate(parts[2], claimed);
            peer.plainAuth(auth);
            return Sasl.SaslOutcome.PN_SASL_OK;
        } catch (HubException e) {
            LOG.info("refusing SASL PLAIN for {}: {}", claimed, e.getMessage());
            return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
    }

    private Sasl.SaslOutcome plainPolicy(String policyName, String hub, String hubName, String token) {
        if (!hub.equalsIgnoreCase(hubName)) {
            LOG.info("refusing SASL PLAIN user {}@sas.root.{}: this hub is {}", policyName, hub, hubName);
            return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
        try {
            ServiceAuth auth = core.authenticateService(token, "");
            if (!auth.policyName().equalsIgnoreCase(policyName)) {
                LOG.info("refusing SASL PLAIN for policy {}: the token is signed for policy {}", policyName,
                        auth.policyName());
                return Sasl.SaslOutcome.PN_SASL_AUTH;
            }
            peer.servicePlainAuth(auth);
            return Sasl.SaslOutcome.PN_SASL_OK;
        } catch (HubException e) {
            LOG.info("refusing SASL PLAIN for policy {}: {}", policyName, e.getMessage());
            return Sasl.SaslOutcome.PN_SASL_AUTH;
        }
    }

    @Override
    public boolean succeeded() {
        return succeeded;
    }
}

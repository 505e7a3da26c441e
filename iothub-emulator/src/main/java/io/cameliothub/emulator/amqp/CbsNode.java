package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ServiceAuth;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonSender;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's {@code $cbs} node: takes put-token requests (both token types IoT Hub accepts), authenticates the
 * token (a device's or module's, or a backend's policy token for the hub) and answers with {@code status-code} and {@code status-description} on the reply link, correlated by the
 * request's message id.
 */
final class CbsNode {

    private static final Logger LOG = LoggerFactory.getLogger(CbsNode.class);
    private static final Set<String> TOKEN_TYPES = Set.of("servicebus.windows.net:sastoken", "azure-devices.net:sastoken");

    private final HubCore core;
    /** Authorizes the token's identity on the connection; returns null or a refusal. */
    private final Function<AuthResult, HubException> authorize;
    /** Takes a backend's accepted policy token. */
    private final Consumer<ServiceAuth> authorizeService;
    private ProtonSender replies;

    CbsNode(HubCore core, Function<AuthResult, HubException> authorize, Consumer<ServiceAuth> authorizeService) {
        this.core = core;
        this.authorize = authorize;
        this.authorizeService = authorizeService;
    }

    void replyLink(ProtonSender sender) {
        this.replies = sender;
    }

    void onRequest(ProtonDelivery delivery, Message request) {
        ProtonHelper.accepted(delivery, true);
        int status;
        String description;
        try {
            String token = putToken(request);
            if (core.isServiceToken(token)) {
                authorizeService.accept(core.authenticateService(token, ""));
            } else {
                // like IoT Edge, the identity comes from the token's sr; the name is not cross-checked (UNCONFIRMED)
                HubException refused = authorize.apply(core.authenticate(token));
                if (refused != null) {
                    throw refused;
                }
            }
            status = 200;
            description = "OK";
        } catch (HubException e) {
            LOG.info("CBS put-token refused: {}", e.getMessage());
            status = e.status();
            description = e.getMessage();
        }
        reply(request, status, description);
    }

    /** @return the token of a well-formed put-token request. @throws HubException 400004 */
    private String putToken(Message request) {
        Map<String, Object> props = request.getApplicationProperties() == null
                || request.getApplicationProperties().getValue() == null ? Map.of()
                : request.getApplicationProperties().getValue();
        Object operation = props.get("operation");
        Object type = props.get("type");
        Object name = props.get("name");
        if (operation == null || !"put-token".equalsIgnoreCase(operation.toString())) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "operation must be put-token");
        }
        if (type == null || !TOKEN_TYPES.contains(type.toString().toLowerCase(Locale.ROOT))) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "unsupported token type " + type);
        }
        if (name == null) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "name (the token's audience) is required");
        }
        if (!(request.getBody() instanceof AmqpValue value) || !(value.getValue() instanceof String token)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the body must be the token as an AMQP string");
        }
        return token;
    }

    private void reply(Message request, int status, String description) {
        if (replies == null || !replies.isOpen()) {
            LOG.info("CBS reply {} dropped: the client has no link from $cbs", status);
            return;
        }
        Message reply = Message.Factory.create();
        reply.setCorrelationId(request.getMessageId());
        if (request.getReplyTo() != null) {
            reply.setAddress(request.getReplyTo());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("status-code", status);
        props.put("status-description", description);
        reply.setApplicationProperties(new ApplicationProperties(props));
        replies.send(reply);
    }
}

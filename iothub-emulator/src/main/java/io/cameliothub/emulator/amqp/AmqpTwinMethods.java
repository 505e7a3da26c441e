package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.ErrorBody;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.methods.MethodRequest;
import io.cameliothub.emulator.twin.DesiredUpdate;
import io.vertx.core.Context;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonHelper;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin and methods links of one identity on an AMQP connection. Twin: requests ({@code operation} GET, PATCH of
 * {@code /properties/reported}, PUT/DELETE of {@code /notifications/twin/properties/desired}) on the device's sender
 * link, responses with {@code status} (int), {@code version} (long) and the request's correlation id in the type the
 * device sent it, and desired updates ({@code resource}, {@code version}, no correlation id) on its receiver link.
 * Methods: requests with a uuid correlation id and {@code IoThub-methodname} once the device's receiver link is
 * attached; answers with {@code IoThub-status}. Runs on the connection's context.
 */
final class AmqpTwinMethods {

    static final Symbol OPERATION = Symbol.valueOf("operation");
    static final Symbol RESOURCE = Symbol.valueOf("resource");
    static final Symbol STATUS = Symbol.valueOf("status");
    static final Symbol VERSION = Symbol.valueOf("version");
    static final String DESIRED_NOTIFICATIONS = "/notifications/twin/properties/desired";
    static final String METHOD_NAME = "IoThub-methodname";
    static final String METHOD_STATUS = "IoThub-status";

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTwinMethods.class);
    private static final ErrorCondition STOLEN = new ErrorCondition(Symbol.valueOf("amqp:link:stolen"),
            "409002 LinkCreationConflict: a new link was attached for the same address");

    private final HubCore core;
    private final Identity identity;
    private final Context context;
    private final Runnable onLinkGone;
    private final Map<String, ProtonLink<?>> links = new HashMap<>();
    private Runnable desiredSubscription;
    private Runnable methodSubscription;
    private boolean stopped;

    AmqpTwinMethods(HubCore core, Identity identity, Context context, Runnable onLinkGone) {
        this.core = core;
        this.identity = identity;
        this.context = context;
        this.onLinkGone = onLinkGone;
    }

    /** The device's sender on its twin address: twin requests. */
    void attachTwinRequests(ProtonReceiver link) {
        attach("twin-requests", link);
        link.setTarget(link.getRemoteTarget());
        link.setAutoAccept(false);
        link.handler(this::onTwinRequest);
        link.open();
    }

    /** The device's receiver on its twin address: responses and desired updates. */
    void attachTwinResponses(ProtonSender link) {
        attach("twin-responses", link);
        link.setSource(link.getRemoteSource());
        link.open();
    }

    /** The device's receiver on its methods address: method requests are routed here from now on. */
    void attachMethodRequests(ProtonSender link) {
        attach("method-requests", link);
        link.setSource(link.getRemoteSource());
        link.open();
        if (methodSubscription == null) {
            methodSubscription = core.methods().subscribe(identity, r -> context.runOnContext(v -> onMethod(r)));
        }
    }

    /** The device's sender on its methods address: method answers. */
    void attachMethodResponses(ProtonReceiver link) {
        attach("method-responses", link);
        link.setTarget(link.getRemoteTarget());
        link.setAutoAccept(false);
        link.handler(this::onMethodResponse);
        link.open();
    }

    private void attach(String role, ProtonLink<?> link) {
        ProtonLink<?> previous = links.put(role, link);
        if (previous != null && previous.isOpen()) {
            LOG.info("{}: a new link for {} steals the previous one", identity, previous.getName());
            previous.setCondition(STOLEN);
            previous.close();
        }
        link.closeHandler(r -> closed(role, link));
        link.detachHandler(r -> closed(role, link));
    }

    private void closed(String role, ProtonLink<?> link) {
        if (link.isOpen()) {
            link.close();
        }
        if (!links.remove(role, link)) {
            return;
        }
        if (role.equals("method-requests") && methodSubscription != null) {
            methodSubscription.run();
            methodSubscription = null;
        }
        if (role.equals("twin-responses") && desiredSubscription != null) {
            desiredSubscription.run();
            desiredSubscription = null;
        }
        onLinkGone.run();
    }

    boolean hasLinks() {
        return !links.isEmpty();
    }

    private void onTwinRequest(ProtonDelivery delivery, Message request) {
        ProtonHelper.accepted(delivery, true);
        Map<Symbol, Object> annotations = request.getMessageAnnotations() == null ? Map.of()
                : request.getMessageAnnotations().getValue();
        String operation = String.valueOf(annotations.get(OPERATION));
        Object resource = annotations.get(RESOURCE);
        Object correlationId = request.getCorrelationId();
        try {
            switch (operation) {
                case "GET" -> respond(correlationId, 200, null, core.twins().get(identity).deviceJson());
                case "PATCH" -> {
                    requireResource(resource, "/properties/reported", operation);
                    long version = core.twins().patchReported(identity, text(request), version(annotations.get(VERSION)));
                    respond(correlationId, 204, version, null);
                }
                case "PUT" -> {
                    requireResource(resource, DESIRED_NOTIFICATIONS, operation);
                    if (desiredSubscription == null) {
                        desiredSubscription = core.twins().subscribeDesired(identity,
                                u -> context.runOnContext(v -> onDesired(u)));
                    }
                    respond(correlationId, 200, null, null);
                }
                case "DELETE" -> {
                    requireResource(resource, DESIRED_NOTIFICATIONS, operation);
                    if (desiredSubscription != null) {
                        desiredSubscription.run();
                        desiredSubscription = null;
                    }
                    respond(correlationId, 200, null, null);
                }
                default -> throw new HubException(IotHubError.ARGUMENT_INVALID, "unknown twin operation '" + operation
                        + "'");
            }
        } catch (HubException e) {
            LOG.info("{}: twin {} refused: {}", identity, operation, e.getMessage());
            respond(correlationId, e.status(), null, ErrorBody.json(e, core.clock().instant()));
        }
    }

    private static void requireResource(Object resource, String expected, String operation) {
        if (resource == null || !expected.equalsIgnoreCase(resource.toString())) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, operation + " needs resource " + expected + ", got "
                    + resource);
        }
    }

    private static Long version(Object version) {
        if (version == null) {
            return null;
        }
        if (version instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(version.toString());
        } catch (NumberFormatException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "version must be an integer, was '" + version + "'");
        }
    }

    private static String text(Message m) {
        return new String(AmqpMessages.body(m.getBody()), StandardCharsets.UTF_8);
    }

    private void respond(Object correlationId, int status, Long version, String body) {
        Message response = Message.Factory.create();
        response.setCorrelationId(correlationId);
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(STATUS, status);
        if (version != null) {
            annotations.put(VERSION, version);
        }
        response.setMessageAnnotations(new MessageAnnotations(annotations));
        if (body != null) {
            response.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        }
        send("twin-responses", response, "twin response " + status);
    }

    private void onDesired(DesiredUpdate update) {
        Message m = Message.Factory.create();
        Map<Symbol, Object> annotations = new HashMap<>();
        annotations.put(RESOURCE, "/properties/desired");
        annotations.put(VERSION, update.version());
        m.setMessageAnnotations(new MessageAnnotations(annotations));
        m.setBody(new Data(new Binary(update.json().getBytes(StandardCharsets.UTF_8))));
        send("twin-responses", m, "desired update " + update.version());
    }

    private void onMethod(MethodRequest request) {
        Message m = Message.Factory.create();
        m.setCorrelationId(UUID.fromString(request.requestId()));
        Map<String, Object> props = new HashMap<>();
        props.put(METHOD_NAME, request.methodName());
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setBody(new Data(new Binary(request.payload())));
        send("method-requests", m, "method request " + request.methodName());
    }

    private void onMethodResponse(ProtonDelivery delivery, Message response) {
        ProtonHelper.accepted(delivery, true);
        Object cid = response.getCorrelationId();
        Object status = response.getApplicationProperties() == null ? null
                : response.getApplicationProperties().getValue().get(METHOD_STATUS);
        Integer code = status instanceof Number n ? Integer.valueOf(n.intValue()) : parseInt(status);
        if (cid == null || code == null) {
            LOG.info("{}: method response without correlation id or {} dropped", identity, METHOD_STATUS);
            return;
        }
        if (!core.methods().respond(identity, cid.toString(), code, AmqpMessages.body(response.getBody()))) {
            LOG.info("{}: method response for unknown or expired request {} dropped", identity, cid);
        }
    }

    private static Integer parseInt(Object o) {
        try {
            return o == null ? null : Integer.valueOf(o.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void send(String role, Message message, String what) {
        if (stopped || !(links.get(role) instanceof ProtonSender sender) || !sender.isOpen()) {
            LOG.info("{}: {} dropped: no open {} link", identity, what, role);
            return;
        }
        sender.send(message);
    }

    /** Ends every twin and method link with {@code condition} (token lapse, takeover). */
    void closeAll(ErrorCondition condition) {
        links.values().forEach(link -> AmqpLinks.close(link, condition));
        stop();
    }

    /** The identity left the connection: the core stops routing to it. */
    void stop() {
        stopped = true;
        links.clear();
        if (desiredSubscription != null) {
            desiredSubscription.run();
            desiredSubscription = null;
        }
        if (methodSubscription != null) {
            methodSubscription.run();
            methodSubscription = null;
        }
    }
}

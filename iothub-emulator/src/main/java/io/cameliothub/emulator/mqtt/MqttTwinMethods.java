package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.ErrorBody;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.methods.MethodRequest;
import io.cameliothub.emulator.twin.DesiredUpdate;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin and direct-method topics of one MQTT connection: twin GET and reported PATCH with responses on
 * {@code $iothub/twin/res/{status}/?$rid=..}, desired notifications, method requests and the device's answers. The
 * subscriptions live in the MQTT session, so a clean-session-false client that reconnects keeps getting desired
 * updates and method calls without subscribing again. Hub-to-device publishes use QoS 0. Runs on the connection's
 * context.
 */
final class MqttTwinMethods {

    static final String TWIN_RESPONSES = "$iothub/twin/res/#";
    static final String DESIRED = "$iothub/twin/PATCH/properties/desired/#";
    static final String METHODS = "$iothub/methods/POST/#";

    private static final String TWIN_GET = "$iothub/twin/GET/";
    private static final String TWIN_REPORTED = "$iothub/twin/PATCH/properties/reported/";
    private static final String METHOD_RESPONSE = "$iothub/methods/res/";

    private static final Logger LOG = LoggerFactory.getLogger(MqttTwinMethods.class);

    private final HubCore core;
    private final MqttEndpoint endpoint;
    private final Context context;
    private final Identity identity;
    private final MqttSessionStore.Session session;
    private Runnable desiredSubscription;
    private Runnable methodSubscription;
    private boolean stopped;

    MqttTwinMethods(HubCore core, MqttEndpoint endpoint, Context context, Identity identity,
                    MqttSessionStore.Session session) {
        this.core = core;
        this.endpoint = endpoint;
        this.context = context;
        this.identity = identity;
        this.session = session;
    }

    /** Resumes the subscriptions a stored session holds. */
    void start() {
        if (session.desired) {
            subscribeDesired();
        }
        if (session.methods) {
            subscribeMethods();
        }
    }

    /** @return whether {@code filter} is a twin or method filter (then it is granted) */
    boolean subscribe(String filter) {
        switch (filter) {
            case TWIN_RESPONSES -> session.twinResponses = true;
            case DESIRED -> {
                session.desired = true;
                subscribeDesired();
            }
            case METHODS -> {
                session.methods = true;
                subscribeMethods();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    void unsubscribe(String filter) {
        switch (filter) {
            case TWIN_RESPONSES -> session.twinResponses = false;
            case DESIRED -> {
                session.desired = false;
                desiredSubscription = cancel(desiredSubscription);
            }
            case METHODS -> {
                session.methods = false;
                methodSubscription = cancel(methodSubscription);
            }
            default -> { }
        }
    }

    static boolean isOwnTopic(String topic) {
        return topic.startsWith("$iothub/twin/") || topic.startsWith("$iothub/methods/");
    }

    /**
     * Handles a device PUBLISH to a {@code $iothub/twin/} or {@code $iothub/methods/} topic. The PUBACK goes first: the
     * Java SDK drops a response that overtakes the PUBACK of its request.
     */
    void onPublish(MqttPublishMessage m) {
        if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            endpoint.publishAcknowledge(m.messageId());
        }
        onPublish(m.topicName(), m.payload());
    }

    private void onPublish(String topic, Buffer payload) {
        if (topic.startsWith(TWIN_GET)) {
            Map<String, String> bag = bag(topic.substring(TWIN_GET.length()));
            String rid = bag == null ? null : bag.get("$rid");
            if (rid == null || rid.isEmpty()) {
                LOG.info("{}: twin GET without $rid ignored ('{}')", identity, topic);
                return;
            }
            try {
                twinResponse(rid, 200, null, core.twins().get(identity).deviceJson());
            } catch (HubException e) {
                twinError(rid, e);
            }
        } else if (topic.startsWith(TWIN_REPORTED)) {
            Map<String, String> bag = bag(topic.substring(TWIN_REPORTED.length()));
            String rid = bag == null ? null : bag.get("$rid");
            try {
                if (bag == null) {
                    throw new HubException(IotHubError.ARGUMENT_INVALID, "malformed topic " + topic);
                }
                long version = core.twins().patchReported(identity, payload.toString(StandardCharsets.UTF_8),
                        expectedVersion(bag.get("$version")));
                if (rid != null && !rid.isEmpty()) {
                    twinResponse(rid, 204, version, "");
                }
            } catch (HubException e) {
                LOG.info("{}: reported patch refused: {}", identity, e.getMessage());
                if (rid != null && !rid.isEmpty()) {
                    twinError(rid, e);
                }
            }
        } else if (topic.startsWith(METHOD_RESPONSE)) {
            methodResponse(topic, payload);
        } else if (topic.startsWith("$iothub/twin/")) {
            Map<String, String> bag = bag(topic.substring(topic.lastIndexOf('/') + 1));
            String rid = bag == null ? null : bag.get("$rid");
            LOG.info("{}: twin topic not served: '{}'", identity, topic);
            if (rid != null && !rid.isEmpty()) {
                twinError(rid, new HubException(IotHubError.ARGUMENT_INVALID, "twin operation not supported: " + topic));
            }
        } else {
            LOG.info("{}: methods topic not served, ignored: '{}'", identity, topic);
        }
    }

    private void methodResponse(String topic, Buffer payload) {
        String rest = topic.substring(METHOD_RESPONSE.length());
        int slash = rest.indexOf('/');
        Map<String, String> bag = slash < 0 ? null : bag(rest.substring(slash + 1));
        String rid = bag == null ? null : bag.get("$rid");
        Integer status = slash < 0 ? null : parseInt(rest.substring(0, slash));
        if (rid == null || status == null) {
            LOG.info("{}: malformed method response topic ignored: '{}'", identity, topic);
            return;
        }
        if (!core.methods().respond(identity, rid, status, payload.getBytes())) {
            LOG.info("{}: method response for unknown or expired $rid {} dropped", identity, rid);
        }
    }

    private static Long expectedVersion(String version) {
        if (version == null) {
            return null;
        }
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "$version must be an integer, was '" + version + "'");
        }
    }

    /** The property bag after the operation: empty, or {@code ?k=v&...}; null when malformed. */
    private static Map<String, String> bag(String rest) {
        if (rest.isEmpty()) {
            return Map.of();
        }
        if (!rest.startsWith("?")) {
            return null;
        }
        try {
            return PropertyBag.decode(rest.substring(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void twinError(String rid, HubException e) {
        twinResponse(rid, e.status(), null, ErrorBody.json(e, core.clock().instant()));
    }

    /** {@code $rid} first, then {@code $version}: the Java SDK cuts the rid at {@code $version=}. */
    private void twinResponse(String rid, int status, Long version, String body) {
        if (!session.twinResponses) {
            LOG.info("{}: twin response {} for $rid {} dropped: no subscription to {}", identity, status, rid,
                    TWIN_RESPONSES);
            return;
        }
        String topic = "$iothub/twin/res/" + status + "/?$rid=" + rid + (version == null ? "" : "&$version=" + version);
        publish(topic, body);
    }

    private void subscribeDesired() {
        if (desiredSubscription == null) {
            desiredSubscription = core.twins().subscribeDesired(identity,
                    u -> context.runOnContext(v -> onDesired(u)));
        }
    }

    private void subscribeMethods() {
        if (methodSubscription == null) {
            methodSubscription = core.methods().subscribe(identity, r -> context.runOnContext(v -> onMethod(r)));
        }
    }

    private void onDesired(DesiredUpdate update) {
        if (!stopped) {
            publish("$iothub/twin/PATCH/properties/desired/?$version=" + update.version(), update.json());
        }
    }

    private void onMethod(MethodRequest request) {
        if (!stopped) {
            publish("$iothub/methods/POST/" + request.methodName() + "/?$rid=" + request.requestId(),
                    request.payloadAsString());
        }
    }

    private void publish(String topic, String body) {
        if (endpoint.isConnected()) {
            endpoint.publish(topic, Buffer.buffer(body), MqttQoS.AT_MOST_ONCE, false, false);
        }
    }

    /** The connection ended: the core stops routing to it (the session keeps the subscriptions). */
    void stop() {
        stopped = true;
        desiredSubscription = cancel(desiredSubscription);
        methodSubscription = cancel(methodSubscription);
    }

    private static Runnable cancel(Runnable subscription) {
        if (subscription != null) {
            subscription.run();
        }
        return null;
    }
}

package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.AckPlan;
import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.C2dQueue;
import io.cameliothub.emulator.core.D2cMessage;
import io.cameliothub.emulator.core.DisconnectReason;
import io.cameliothub.emulator.core.HubConnection;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.Protocol;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MQTT connection: CONNECT (checked by {@link MqttConnectCheck}), D2C intake, C2D delivery with PUBACK
 * completion, token expiry and will message. Everything runs on the endpoint's event-loop context; {@link #close} may
 * be called from anywhere.
 */
final class MqttDeviceConnection implements HubConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MqttDeviceConnection.class);

    /** C2D messages in flight (published, PUBACK pending) per connection. */
    static final int C2D_WINDOW = 10;

    private final HubCore core;
    private final MqttSessionStore sessions;
    private final MqttEndpoint endpoint;
    private final Vertx vertx;
    private final Context context;
    private final Protocol protocol;
    private final String remoteAddress;
    private final List<X509Certificate> clientCertificates;
    private final Instant connectedAt;
    private final Map<Integer, String> inFlight = new LinkedHashMap<>();
    private final OrderedAcks acks;

    private Identity identity;
    private AuthResult auth;
    private MqttSessionStore.Session session;
    private MqttTwinMethods twinMethods;
    private C2dQueue queue;
    private Runnable queueListener;
    private long expiryTimer = -1;
    private int nextPacketId = 1;
    private boolean disconnectReceived;
    private boolean cleanedUp;
    private DisconnectReason closeReason;

    MqttDeviceConnection(HubCore core, MqttSessionStore sessions, MqttEndpoint endpoint, Vertx vertx, Protocol protocol,
                         String remoteAddress, List<X509Certificate> clientCertificates) {
        this.core = core;
        this.sessions = sessions;
        this.endpoint = endpoint;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.protocol = protocol;
        this.remoteAddress = remoteAddress;
        this.clientCertificates = clientCertificates;
        this.connectedAt = core.clock().instant();
        this.acks = new OrderedAcks(vertx);
    }

    /** Handles CONNECT: accepts or rejects with a CONNACK code. */
    void start() {
        MqttConnectCheck check = MqttConnectCheck.of(core, endpoint, clientCertificates);
        if (check.refusal() != null) {
            refuse(check.refusal(), check.why());
            return;
        }
        auth = check.auth();
        identity = auth.identity();
        boolean[] present = new boolean[1];
        session = sessions.open(identity, endpoint.isCleanSession(), present);
        queue = core.c2dQueue(identity);
        twinMethods = new MqttTwinMethods(core, endpoint, context, identity, session);

        endpoint.publishHandler(this::onPublish);
        endpoint.subscribeHandler(this::onSubscribe);
        endpoint.unsubscribeHandler(this::onUnsubscribe);
        endpoint.publishAcknowledgeHandler(this::onPubAck);
        endpoint.disconnectHandler(v -> disconnectReceived = true);
        endpoint.exceptionHandler(e -> LOG.debug("{}: MQTT error: {}", identity, e.toString()));
        endpoint.closeHandler(v -> cleanup());
        // registered before the CONNACK leaves, so whoever sees the CONNACK also sees the connection
        core.connections().register(this);
        endpoint.accept(present[0]);
        scheduleTokenExpiry();
        twinMethods.start();
        queueListener = queue.onAvailable(() -> context.runOnContext(v -> pump()));
        pump();
    }

    private void refuse(MqttConnectReturnCode code, String why) {
        LOG.info("refusing MQTT connection of client '{}' from {}: {} ({})", endpoint.clientIdentifier(), remoteAddress,
                code, why);
        endpoint.reject(code);
    }

    private void scheduleTokenExpiry() {
        Instant now = core.clock().instant();
        Instant deadline = auth.expiresAt();
        if (!deadline.isAfter(now)) {
            // accepted only thanks to clock skew: allow the skew, or the device could never connect
            deadline = deadline.plus(core.limits().sasClockSkew());
        }
        long ms = Math.max(1, Duration.between(now, deadline).toMillis());
        expiryTimer = vertx.setTimer(ms, id -> {
            expiryTimer = -1;
            LOG.info("{}: SAS token expired, disconnecting", identity);
            close(DisconnectReason.TOKEN_EXPIRED);
        });
    }

    private void onPublish(MqttPublishMessage m) {
        if (cleanedUp || closeReason != null) {
            return;
        }
        if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
            violation("QoS 2 PUBLISH");
            return;
        }
        if (MqttTwinMethods.isOwnTopic(m.topicName())) {
            twinMethods.onPublish(m);
            return;
        }
        Optional<String> bag = MqttTopics.eventsBag(identity, m.topicName());
        if (bag.isEmpty()) {
            violation("PUBLISH to a topic outside its own events topic");
            return;
        }
        D2cMessage message;
        try {
            message = MqttMessages.toD2c(PropertyBag.decode(bag.get()), m.payload().getBytes(), m.isRetain());
        } catch (IllegalArgumentException e) {
            violation("invalid message properties: " + e.getMessage());
            return;
        }
        try {
            core.acceptTelemetry(auth, message, protocol);
        } catch (HubException e) {
            // MQTT 3.1.1 has no negative PUBACK: IoT Hub closes the connection
            LOG.info("{}: telemetry refused, closing: {}", identity, e.getMessage());
            close(DisconnectReason.MESSAGE_REFUSED);
            return;
        }
        if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            acknowledge(m.messageId());
        }
    }

    private void acknowledge(int packetId) {
        AckPlan plan = core.faults().ackPlan();
        if (plan.lose()) {
            LOG.info("{}: PUBLISH {} accepted, dropping the connection before its PUBACK (fault)", identity, packetId);
            close(DisconnectReason.DROPPED);
            return;
        }
        acks.send(plan.delay(), () -> {
            if (!cleanedUp && endpoint.isConnected()) {
                endpoint.publishAcknowledge(packetId);
            }
        });
    }

    private void onSubscribe(MqttSubscribeMessage s) {
        List<MqttQoS> granted = new ArrayList<>();
        boolean c2d = false;
        for (MqttTopicSubscription sub : s.topicSubscriptions()) {
            int qos = Math.min(sub.qualityOfService().value(), 1);
            if (MqttTopics.isDeviceboundFilter(identity, sub.topicName())) {
                session.c2dQos = qos;
                granted.add(MqttQoS.valueOf(qos));
                c2d = true;
            } else if (twinMethods.subscribe(sub.topicName())
                    || MqttTopics.isGrantedWithoutDelivery(identity, sub.topicName())) {
                granted.add(MqttQoS.valueOf(qos));
            } else {
                LOG.info("{}: refusing subscription to '{}'", identity, sub.topicName());
                granted.add(MqttQoS.FAILURE);
            }
        }
        LOG.debug("{}: SUBSCRIBE {} granted {}", identity, s.topicSubscriptions().stream()
                .map(MqttTopicSubscription::topicName).toList(), granted);
        endpoint.subscribeAcknowledge(s.messageId(), granted);
        if (c2d) {
            pump();
        }
    }

    private void onUnsubscribe(MqttUnsubscribeMessage u) {
        for (String topic : u.topics()) {
            if (MqttTopics.isDeviceboundFilter(identity, topic)) {
                session.c2dQos = null;
            }
            twinMethods.unsubscribe(topic);
        }
        endpoint.unsubscribeAcknowledge(u.messageId());
    }

    private void onPubAck(Integer packetId) {
        String lockToken = inFlight.remove(packetId);
        if (lockToken != null) {
            try {
                queue.complete(lockToken);
            } catch (HubException e) {
                LOG.info("{}: PUBACK {} came after the lock expired; the message will be redelivered", identity, packetId);
            }
        }
        pump();
    }

    /** Moves available C2D messages to the device while the window has room. */
    private void pump() {
        Integer qos = session.c2dQos;
        if (cleanedUp || closeReason != null || qos == null || !endpoint.isConnected()) {
            return;
        }
        while (inFlight.size() < C2D_WINDOW) {
            Optional<LockedMessage> next = queue.receive();
            if (next.isEmpty()) {
                return;
            }
            LockedMessage locked = next.get();
            String topic = MqttTopics.c2dTopic(identity, MqttMessages.c2dBag(locked));
            Buffer payload = Buffer.buffer(locked.message().body());
            if (qos == 0) {
                endpoint.publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false);
                queue.complete(locked.lockToken());
            } else {
                int packetId = allocatePacketId();
                inFlight.put(packetId, locked.lockToken());
                endpoint.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false, packetId);
            }
        }
    }

    /** Test hook: publishes a C2D message whose property bag goes out as given, outside the queue (no completion). */
    void publishRaw(String rawBag, byte[] body, MqttQoS qos) {
        context.runOnContext(v -> {
            if (!cleanedUp && closeReason == null && endpoint.isConnected()) {
                String topic = MqttTopics.c2dTopic(identity, rawBag);
                if (qos == MqttQoS.AT_MOST_ONCE) {
                    endpoint.publish(topic, Buffer.buffer(body), qos, false, false);
                } else {
                    endpoint.publish(topic, Buffer.buffer(body), qos, false, false, allocatePacketId());
                }
            }
        });
    }

    private int allocatePacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65535 ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        }
    }

    private void violation(String what) {
        LOG.info("{}: protocol violation ({}), closing the connection", identity, what);
        close(DisconnectReason.PROTOCOL_VIOLATION);
    }

    @Override
    public void close(DisconnectReason reason) {
        LOG.debug("{}: closing the {} connection ({})", identity, protocol, reason);
        context.runOnContext(v -> {
            if (closeReason == null) {
                closeReason = reason;
            }
            if (endpoint.isConnected()) {
                endpoint.close();
            } else {
                cleanup();
            }
        });
    }

    private void cleanup() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        if (queueListener != null) {
            queueListener.run();
        }
        if (twinMethods != null) {
            twinMethods.stop();
        }
        for (String lockToken : inFlight.values()) {
            try {
                queue.abandon(lockToken);
            } catch (HubException e) {
                // lock already expired: the queue re-enqueued it
            }
        }
        inFlight.clear();
        core.connections().unregister(this);
        if (endpoint.isCleanSession()) {
            sessions.discard(identity, session);
        }
        if (!disconnectReceived) {
            publishWill();
        }
    }

    private void publishWill() {
        MqttWill will = endpoint.will();
        if (will == null || !will.isWillFlag() || will.getWillTopic() == null) {
            return;
        }
        Optional<String> bag = MqttTopics.eventsBag(identity, will.getWillTopic());
        if (bag.isEmpty()) {
            LOG.info("{}: will topic is not its events topic; will ignored", identity);
            return;
        }
        try {
            D2cMessage message = MqttMessages.toWill(PropertyBag.decode(bag.get()), will.getWillMessageBytes(),
                    will.isWillRetain());
            core.acceptTelemetry(auth, message, protocol);
        } catch (RuntimeException e) {
            LOG.info("{}: will message not stored: {}", identity, e.getMessage());
        }
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }
}

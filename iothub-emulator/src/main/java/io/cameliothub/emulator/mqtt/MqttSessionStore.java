package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.Identity;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MQTT session state kept across connections with clean session false: the C2D, twin-response, desired-properties and
 * methods subscriptions (IoT Hub keeps them, and the Java SDK subscribes only once).
 */
final class MqttSessionStore {

    static final class Session {
        /** Granted QoS of the devicebound subscription, or null when not subscribed. */
        volatile Integer c2dQos;
        volatile boolean twinResponses;
        volatile boolean desired;
        volatile boolean methods;
    }

    private final Map<Identity, Session> sessions = new ConcurrentHashMap<>();

    /** Opens the identity's session; {@code present[0]} tells whether a stored one was resumed. */
    Session open(Identity identity, boolean cleanSession, boolean[] present) {
        if (cleanSession) {
            sessions.remove(identity);
            present[0] = false;
            Session fresh = new Session();
            sessions.put(identity, fresh);
            return fresh;
        }
        present[0] = sessions.containsKey(identity);
        return sessions.computeIfAbsent(identity, id -> new Session());
    }

    void discard(Identity identity, Session session) {
        sessions.remove(identity, session);
    }
}

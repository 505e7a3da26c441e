package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.Identity;
import java.util.Optional;

/** IoT Hub's MQTT topic names for one identity. Device and module ids are matched exactly (case-sensitive). */
final class MqttTopics {

    private MqttTopics() {
    }

    static String eventsPrefix(Identity id) {
        return id.resourcePath() + "/messages/events";
    }

    static String deviceboundPrefix(Identity id) {
        return id.resourcePath() + "/messages/devicebound";
    }

    /**
     * The property bag of a D2C topic of this identity ({@code ""} when there is none), or empty when the topic is not
     * the identity's events topic. Accepts {@code .../events}, {@code .../events/}, {@code .../events/{bag}} and
     * {@code .../events/{bag}/}.
     */
    static Optional<String> eventsBag(Identity id, String topic) {
        String prefix = eventsPrefix(id);
        if (topic.equals(prefix)) {
            return Optional.of("");
        }
        if (!topic.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String rest = topic.substring(prefix.length() + 1);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.indexOf('/') >= 0 ? Optional.empty() : Optional.of(rest);
    }

    /** Whether a SUBSCRIBE filter is the identity's C2D filter ({@code .../messages/devicebound/#}). */
    static boolean isDeviceboundFilter(Identity id, String filter) {
        return filter.equals(deviceboundPrefix(id) + "/#");
    }

    /** Filters a device SDK may subscribe to that this hub grants but sends nothing on: a module's Edge-style {@code inputs/#}. */
    static boolean isGrantedWithoutDelivery(Identity id, String filter) {
        return id.isModule() && filter.equals(id.resourcePath() + "/inputs/#");
    }

    static String c2dTopic(Identity id, String bag) {
        return deviceboundPrefix(id) + "/" + bag;
    }

    /** The identity a CONNECT client id names ({@code deviceId} or {@code deviceId/moduleId}), or null when malformed. */
    static Identity clientIdentity(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            return null;
        }
        String[] parts = clientId.split("/", -1);
        if (parts.length == 1) {
            return Identity.device(parts[0]);
        }
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return Identity.module(parts[0], parts[1]);
        }
        return null;
    }
}

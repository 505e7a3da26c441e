package io.cameliothub.component.transport.internal.mqtt;

import io.cameliothub.component.transport.internal.TransportSettings;

/**
 * The fixed topics IoT Hub gives a device (or module) over MQTT.
 */
final class MqttTopics {

    private final String prefix;
    private final String events;

    MqttTopics(TransportSettings settings) {
        this.prefix = "devices/" + settings.deviceId()
                      + (settings.moduleId() == null ? "" : "/modules/" + settings.moduleId());
        this.events = prefix + "/messages/events/";
    }

    /** Where device-to-cloud messages go, with their property bag. */
    String events(String propertyBag) {
        return events.concat(propertyBag);
    }

    /** The filter that subscribes to the device's cloud-to-device messages. */
    String deviceBoundFilter() {
        return prefix + "/messages/devicebound/#";
    }

    /** The property bag of a cloud-to-device topic, or null if the topic is not this device's. */
    String deviceBoundBag(String topic) {
        String base = prefix + "/messages/devicebound";
        if (!topic.startsWith(base)) {
            return null;
        }
        String rest = topic.substring(base.length());
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }
}

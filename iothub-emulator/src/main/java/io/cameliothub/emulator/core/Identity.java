package io.cameliothub.emulator.core;

import java.util.Objects;

/** A device identity, or a module identity inside a device. Ids are case-sensitive, as in IoT Hub. */
public record Identity(String deviceId, String moduleId) {

    public Identity {
        Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isEmpty()) {
            throw new IllegalArgumentException("empty device id");
        }
        if (moduleId != null && moduleId.isEmpty()) {
            moduleId = null;
        }
    }

    public static Identity device(String deviceId) {
        return new Identity(deviceId, null);
    }

    public static Identity module(String deviceId, String moduleId) {
        return new Identity(deviceId, Objects.requireNonNull(moduleId, "moduleId"));
    }

    public boolean isModule() {
        return moduleId != null;
    }

    /** {@code devices/{id}} or {@code devices/{id}/modules/{mid}}, unencoded. */
    public String resourcePath() {
        return isModule() ? "devices/" + deviceId + "/modules/" + moduleId : "devices/" + deviceId;
    }

    /** The MQTT client id form: {@code deviceId} or {@code deviceId/moduleId}. */
    @Override
    public String toString() {
        return isModule() ? deviceId + "/" + moduleId : deviceId;
    }
}

package io.cameliothub.emulator.core;

/** A snapshot of a registered module identity. {@link #toString()} leaves the keys out. */
public record ModuleInfo(String hostName, String deviceId, String moduleId, String primaryKey, String secondaryKey,
                         String generationId) {

    public Identity identity() {
        return Identity.module(deviceId, moduleId);
    }

    public String connectionString() {
        return "HostName=" + hostName + ";DeviceId=" + deviceId + ";ModuleId=" + moduleId
                + ";SharedAccessKey=" + primaryKey;
    }

    @Override
    public String toString() {
        return "ModuleInfo[" + deviceId + "/" + moduleId + "@" + hostName + "]";
    }
}

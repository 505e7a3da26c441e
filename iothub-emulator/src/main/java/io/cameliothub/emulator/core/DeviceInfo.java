package io.cameliothub.emulator.core;

/** A snapshot of a registered device. {@link #toString()} leaves the keys out. */
public record DeviceInfo(String hostName, String deviceId, String primaryKey, String secondaryKey, boolean enabled,
                         String generationId) {

    public Identity identity() {
        return Identity.device(deviceId);
    }

    /** {@code HostName=..;DeviceId=..;SharedAccessKey=<primary>}, what the device SDKs take. */
    public String connectionString() {
        return "HostName=" + hostName + ";DeviceId=" + deviceId + ";SharedAccessKey=" + primaryKey;
    }

    public String secondaryConnectionString() {
        return "HostName=" + hostName + ";DeviceId=" + deviceId + ";SharedAccessKey=" + secondaryKey;
    }

    @Override
    public String toString() {
        return "DeviceInfo[" + deviceId + "@" + hostName + (enabled ? "" : ", disabled") + "]";
    }
}

package io.cameliothub.emulator.core;

import java.util.Set;

/** A hub-level shared access policy, e.g. {@code device} with DeviceConnect. */
public record AccessPolicy(String name, String primaryKey, String secondaryKey, Set<Right> rights) {

    public enum Right { REGISTRY_READ, REGISTRY_WRITE, SERVICE_CONNECT, DEVICE_CONNECT }

    public AccessPolicy {
        rights = Set.copyOf(rights);
    }

    /** IoT Hub's name of a right, e.g. {@code RegistryRead}. */
    public static String wireName(Right right) {
        return switch (right) {
            case REGISTRY_READ -> "RegistryRead";
            case REGISTRY_WRITE -> "RegistryWrite";
            case SERVICE_CONNECT -> "ServiceConnect";
            case DEVICE_CONNECT -> "DeviceConnect";
        };
    }

    /** {@code HostName=..;SharedAccessKeyName=..;SharedAccessKey=<primary>}, what the service SDKs take. */
    public String connectionString(String hostName) {
        return "HostName=" + hostName + ";SharedAccessKeyName=" + name + ";SharedAccessKey=" + primaryKey;
    }

    @Override
    public String toString() {
        return "AccessPolicy[" + name + ", rights=" + rights + "]";
    }
}

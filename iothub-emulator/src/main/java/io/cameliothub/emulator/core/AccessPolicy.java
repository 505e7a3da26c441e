package io.cameliothub.emulator.core;

import java.util.Set;

/** A hub-level shared access policy, e.g. {@code device} with DeviceConnect. */
public record AccessPolicy(String name, String primaryKey, String secondaryKey, Set<Right> rights) {

    public enum Right { REGISTRY_READ, REGISTRY_WRITE, SERVICE_CONNECT, DEVICE_CONNECT }

    public AccessPolicy {
        rights = Set.copyOf(rights);
    }

    @Override
    public String toString() {
        return "AccessPolicy[" + name + ", rights=" + rights + "]";
    }
}

package io.cameliothub.emulator.core;

import java.time.Instant;
import java.util.Set;

/**
 * A backend authenticated with a shared access policy token ({@code skn}): the policy's name, its rights and when the
 * token expires. Never carries key material.
 */
public record ServiceAuth(String policyName, Set<AccessPolicy.Right> rights, Instant expiresAt) {

    public ServiceAuth {
        rights = Set.copyOf(rights);
    }

    /** Whether the policy grants {@code right}; RegistryWrite includes RegistryRead, as in IoT Hub. */
    public boolean has(AccessPolicy.Right right) {
        return rights.contains(right)
                || right == AccessPolicy.Right.REGISTRY_READ && rights.contains(AccessPolicy.Right.REGISTRY_WRITE);
    }

    /** @throws HubException 401002 when the policy lacks {@code right} */
    public void require(AccessPolicy.Right right) {
        if (!has(right)) {
            throw new HubException(IotHubError.UNAUTHORIZED_ACCESS, "policy '" + policyName + "' lacks the "
                    + AccessPolicy.wireName(right) + " permission");
        }
    }
}

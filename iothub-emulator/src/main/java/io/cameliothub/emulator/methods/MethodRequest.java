package io.cameliothub.emulator.methods;

import io.cameliothub.emulator.core.Identity;
import java.nio.charset.StandardCharsets;

/**
 * A direct-method call on its way to a device: the request id (a UUID string: MQTT {@code $rid}, AMQP correlation id),
 * the method name and the JSON payload bytes (empty when the caller gave none).
 */
public record MethodRequest(Identity identity, String requestId, String methodName, byte[] payload) {

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}

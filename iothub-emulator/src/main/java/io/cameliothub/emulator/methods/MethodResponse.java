package io.cameliothub.emulator.methods;

import io.vertx.core.json.Json;

/**
 * A device's answer to a direct method: the status it chose and its payload as JSON text ({@code null} when the device
 * sent an empty body). The device's status is not an HTTP status; the service REST API returns it inside a 200.
 */
public record MethodResponse(int status, String payloadJson) {

    /** The payload decoded: a JsonObject, JsonArray, String, Number, Boolean or null. */
    public Object payload() {
        return payloadJson == null ? null : Json.decodeValue(payloadJson);
    }
}

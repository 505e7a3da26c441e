package io.cameliothub.emulator.core;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * IoT Hub's JSON error body, {@code {"errorCode":400004,"trackingId":"...","message":"...","timestampUtc":"..."}}, for
 * heads that answer errors in a payload (MQTT twin responses, AMQP twin responses, the service REST API).
 */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static JsonObject of(HubException e, Instant now) {
        return new JsonObject()
                .put("errorCode", e.code())
                .put("trackingId", UUID.randomUUID().toString().replace("-", "") + "-G:0-TimeStamp:" + now)
                .put("message", "ErrorCode:" + e.error().errorName() + ";" + e.getMessage())
                .put("timestampUtc", now.toString());
    }

    public static String json(HubException e, Instant now) {
        return of(e, now).encode();
    }
}

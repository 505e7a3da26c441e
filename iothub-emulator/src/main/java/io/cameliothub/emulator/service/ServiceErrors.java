package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * IoT Hub's service-API error response: the HTTP status, an {@code iothub-errorcode} header with the error's name (the
 * .NET SDK reads it) and the body {@code {"Message":"<inner JSON>","ExceptionMessage":""}} whose {@code Message} is the
 * JSON text {@code {"errorCode":404001,"trackingId":...,"message":...,"timestampUtc":...}}. The Java service SDK digs
 * the six-digit code out of exactly this nesting (with an empty {@code ExceptionMessage}; anything else there hides it).
 */
final class ServiceErrors {

    private ServiceErrors() {
    }

    static JsonObject body(IotHubError error, String message, Instant now) {
        JsonObject inner = new JsonObject()
                .put("errorCode", error.code())
                .put("trackingId", UUID.randomUUID().toString().replace("-", "") + "-G:0-TimeStamp:" + now)
                .put("message", message)
                .put("info", new JsonObject())
                .put("timestampUtc", now.toString());
        return new JsonObject().put("Message", inner.encode()).put("ExceptionMessage", "");
    }

    static void send(HttpServerResponse response, IotHubError error, String message, Instant now) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (error.status() == 429) {
            response.putHeader("Retry-After", "1");
        }
        response.setStatusCode(error.status())
                .putHeader("iothub-errorcode", error.errorName())
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(body(error, message, now).encode());
    }
}

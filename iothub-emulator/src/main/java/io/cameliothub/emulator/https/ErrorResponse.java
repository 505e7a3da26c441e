package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An IoT Hub error response: the HTTP status, an {@code iothub-errorcode} header with the error's name and a JSON body
 * {@code {"errorCode":401003,"trackingId":...,"message":"ErrorCode:IotHubUnauthorized;...","timestampUtc":...}}.
 */
final class ErrorResponse {

    private ErrorResponse() {
    }

    static void send(HttpServerResponse response, IotHubError error, String message, Instant now) {
        if ((error.status() == 429 || error.status() == 503) && !response.headers().contains("Retry-After")) {
            response.putHeader("Retry-After", "1");
        }
        JsonObject body = new JsonObject()
                .put("errorCode", error.code())
                .put("trackingId", UUID.randomUUID().toString().replace("-", "") + "-G:0-TimeStamp:" + now)
                .put("message", "ErrorCode:" + error.errorName() + ";" + message)
                .put("timestampUtc", now.toString());
        response.setStatusCode(error.status())
                .putHeader("iothub-errorcode", error.errorName())
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}

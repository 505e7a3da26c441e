package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy.Right;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.methods.MethodResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Direct methods on the service API: {@code POST /twins/{id}/methods} and {@code POST
 * /twins/{id}/modules/{moduleId}/methods} with {@code {"methodName":..,"payload":..,"responseTimeoutInSeconds":30,
 * "connectTimeoutInSeconds":0}}. Answers 200 {@code {"status":<device's status>,"payload":<device's JSON>}} once the
 * device answers; 404103 when it is not online within the connect timeout, 504101 when it does not answer in time. The
 * request waits without a thread: the reply completes from the device's answer or the hub's timer.
 */
public final class MethodResource implements ServiceResource {

    /** IoT Hub's range for responseTimeoutInSeconds. */
    static final int MIN_RESPONSE_TIMEOUT = 5;
    static final int MAX_TIMEOUT = 300;
    static final int DEFAULT_RESPONSE_TIMEOUT = 30;

    private final HubCore core;

    public MethodResource(HubCore core) {
        this.core = core;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.add(HttpMethod.POST, "/twins/{id}/methods", Right.SERVICE_CONNECT, this::invoke)
                .add(HttpMethod.POST, "/twins/{id}/modules/{moduleId}/methods", Right.SERVICE_CONNECT, this::invoke);
    }

    private CompletionStage<ServiceReply> invoke(ServiceRequest request) {
        Identity id = TwinResource.identity(request);
        JsonObject body = request.jsonObject();
        Object name = body.getValue("methodName");
        if (!(name instanceof String methodName)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "methodName is required and must be a string");
        }
        int response = seconds(body, "responseTimeoutInSeconds", DEFAULT_RESPONSE_TIMEOUT, MIN_RESPONSE_TIMEOUT);
        int connect = seconds(body, "connectTimeoutInSeconds", 0, 0);
        String payload = body.containsKey("payload") ? Json.encode(body.getValue("payload")) : null;
        return core.methods().invoke(id, methodName, payload, Duration.ofSeconds(response), Duration.ofSeconds(connect))
                .thenApply(MethodResource::reply);
    }

    private static ServiceReply reply(MethodResponse r) {
        return ServiceReply.jsonText(200, "{\"status\":" + r.status() + ",\"payload\":"
                + (r.payloadJson() == null ? "null" : r.payloadJson()) + "}");
    }

    private static int seconds(JsonObject body, String field, int dflt, int min) {
        Object value = body.getValue(field);
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.intValue() < min || n.intValue() > MAX_TIMEOUT) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, field + " must be an integer from " + min + " to "
                    + MAX_TIMEOUT + ", was " + value);
        }
        return n.intValue();
    }
}

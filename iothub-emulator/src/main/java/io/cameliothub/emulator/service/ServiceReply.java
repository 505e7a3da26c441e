package io.cameliothub.emulator.service;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** A successful answer of the service REST API: status, headers and an optional JSON body. */
public final class ServiceReply {

    private final int status;
    private final Buffer body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ServiceReply(int status, Buffer body) {
        this.status = status;
        this.body = body;
    }

    public static ServiceReply json(int status, JsonObject body) {
        return new ServiceReply(status, body.toBuffer());
    }

    public static ServiceReply json(int status, JsonArray body) {
        return new ServiceReply(status, body.toBuffer());
    }

    /** A JSON body given as text (e.g. a device's raw method response). */
    public static ServiceReply jsonText(int status, String json) {
        return new ServiceReply(status, Buffer.buffer(json));
    }

    public static ServiceReply noContent() {
        return new ServiceReply(204, null);
    }

    /** Adds a response header, e.g. {@code ETag}. @return this */
    public ServiceReply header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public int status() {
        return status;
    }

    /** The body, or null for none. */
    public Buffer body() {
        return body;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }
}

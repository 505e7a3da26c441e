package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ServiceAuth;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** One authenticated request to the service REST API, as a handler sees it: path parameters, query, headers, body. */
public final class ServiceRequest {

    private final HttpMethod method;
    private final String path;
    private final Map<String, String> params;
    private final MultiMap query;
    private final MultiMap headers;
    private final Buffer body;
    private final ServiceAuth auth;

    ServiceRequest(HttpMethod method, String path, Map<String, String> params, MultiMap query, MultiMap headers,
                   Buffer body, ServiceAuth auth) {
        this.method = method;
        this.path = path;
        this.params = Map.copyOf(params);
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.auth = auth;
    }

    /** The effective method ({@code X-HTTP-Method-Override} applied: the Java service SDK sends PATCH as POST). */
    public HttpMethod method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A path parameter of the route template, percent-decoded. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("the route has no parameter {" + name + "}");
        }
        return v;
    }

    /** A query parameter, or null. */
    public String query(String name) {
        return query.get(name);
    }

    /** A request header (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** {@code If-Match}, or null when absent. */
    public String ifMatch() {
        return headers.get("If-Match");
    }

    public Buffer body() {
        return body;
    }

    /** The policy the caller authenticated with. */
    public ServiceAuth auth() {
        return auth;
    }

    /** The body as a JSON object. @throws HubException 400004 when it is empty, malformed or not an object */
    public JsonObject jsonObject() {
        Object value = json();
        if (!(value instanceof JsonObject o)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the request body must be a JSON object");
        }
        return o;
    }

    /** The body as a JSON value (object, array, string, number, boolean or null). @throws HubException 400004 */
    public Object json() {
        if (body == null || body.length() == 0) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the request body is empty; JSON expected");
        }
        try {
            return Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the request body is not valid JSON");
        }
    }

    @Override
    public String toString() {
        return "ServiceRequest[" + method + " " + path + ", policy " + (auth == null ? null : auth.policyName()) + "]";
    }
}

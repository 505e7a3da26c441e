package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy.Right;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.twin.Twin;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * Device and module twins on the service API: {@code GET}, {@code PATCH} (merge tags and desired properties) and
 * {@code PUT} (replace them) on {@code /twins/{id}} and {@code /twins/{id}/modules/{moduleId}}, with {@code If-Match}
 * against the twin's etag. Reported properties are the device's: a request that tries to change them is refused.
 */
public final class TwinResource implements ServiceResource {

    private final HubCore core;

    public TwinResource(HubCore core) {
        this.core = core;
    }

    @Override
    public void register(ServiceRoutes routes) {
        for (String path : new String[] {"/twins/{id}", "/twins/{id}/modules/{moduleId}"}) {
            routes.add(HttpMethod.GET, path, Right.SERVICE_CONNECT, ServiceHandler.sync(this::get))
                    .add(HttpMethod.PATCH, path, Right.SERVICE_CONNECT, ServiceHandler.sync(this::patch))
                    .add(HttpMethod.PUT, path, Right.SERVICE_CONNECT, ServiceHandler.sync(this::replace));
        }
    }

    static Identity identity(ServiceRequest request) {
        String deviceId = request.param("id");
        return request.path().toLowerCase(java.util.Locale.ROOT).contains("/modules/")
                ? Identity.module(deviceId, request.param("moduleId")) : Identity.device(deviceId);
    }

    private ServiceReply get(ServiceRequest request) {
        Identity id = identity(request);
        return reply(id, core.twins().get(id));
    }

    private ServiceReply patch(ServiceRequest request) {
        Identity id = identity(request);
        JsonObject body = request.jsonObject();
        Twin twin = core.twins().update(id, section(body, "tags"), desired(body), request.ifMatch());
        return reply(id, twin);
    }

    private ServiceReply replace(ServiceRequest request) {
        Identity id = identity(request);
        JsonObject body = request.jsonObject();
        JsonObject tags = section(body, "tags");
        JsonObject desired = desired(body);
        Twin twin = core.twins().replace(id, tags == null ? new JsonObject() : tags,
                desired == null ? new JsonObject() : desired, request.ifMatch());
        return reply(id, twin);
    }

    private static JsonObject desired(JsonObject body) {
        JsonObject properties = section(body, "properties");
        if (properties == null) {
            return null;
        }
        JsonObject reported = section(properties, "reported");
        if (reported != null && !TwinJsonView.withoutMeta(reported).isEmpty()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID,
                    "properties.reported cannot be changed by the service; only the device reports them");
        }
        return section(properties, "desired");
    }

    private static JsonObject section(JsonObject body, String name) {
        Object value = body.getValue(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject o)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "'" + name + "' must be a JSON object");
        }
        return o;
    }

    private ServiceReply reply(Identity id, Twin twin) {
        return ServiceReply.json(200, TwinJsonView.service(core, id, twin)).header("ETag", "\"" + twin.etag() + "\"");
    }
}

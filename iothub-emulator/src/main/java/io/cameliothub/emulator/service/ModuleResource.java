package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy.Right;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ModuleInfo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;

/**
 * Module identities: {@code PUT /devices/{id}/modules/{moduleId}} creates (or, with {@code If-Match}, replaces),
 * {@code GET} reads, {@code DELETE} removes; {@code GET /devices/{id}/modules} lists a device's modules.
 */
public final class ModuleResource implements ServiceResource {

    private final HubCore core;

    public ModuleResource(HubCore core) {
        this.core = core;
    }

    @Override
    public void register(ServiceRoutes routes) {
        String module = "/devices/{id}/modules/{moduleId}";
        routes.add(HttpMethod.PUT, module, Right.REGISTRY_WRITE, ServiceHandler.sync(this::put))
                .add(HttpMethod.GET, module, Right.REGISTRY_READ, ServiceHandler.sync(this::get))
                .add(HttpMethod.DELETE, module, Right.REGISTRY_WRITE, ServiceHandler.sync(this::delete))
                .add(HttpMethod.GET, "/devices/{id}/modules", Right.REGISTRY_READ, ServiceHandler.sync(this::list));
    }

    private ServiceReply put(ServiceRequest request) {
        String deviceId = request.param("id");
        String moduleId = request.param("moduleId");
        RegistryJson.checkId("moduleId", moduleId);
        JsonObject body = request.jsonObject();
        RegistryJson.checkSameId(body, "deviceId", deviceId);
        RegistryJson.checkSameId(body, "moduleId", moduleId);
        String[] keys = RegistryJson.keys(body);
        DeviceRegistry registry = core.registry();
        ModuleInfo result;
        if (request.ifMatch() == null) {
            result = registry.addModule(deviceId, moduleId, orNew(keys[0]), orNew(keys[1]));
        } else {
            ModuleInfo existing = existing(deviceId, moduleId);
            result = registry.updateModule(deviceId, moduleId, keys[0] != null ? keys[0] : existing.primaryKey(),
                    keys[1] != null ? keys[1] : existing.secondaryKey(), request.ifMatch());
        }
        return reply(result);
    }

    private ServiceReply get(ServiceRequest request) {
        return reply(existing(request.param("id"), request.param("moduleId")));
    }

    private ServiceReply delete(ServiceRequest request) {
        core.registry().removeModule(request.param("id"), request.param("moduleId"), request.ifMatch());
        return ServiceReply.noContent();
    }

    private ServiceReply list(ServiceRequest request) {
        String deviceId = request.param("id");
        core.registry().device(deviceId).orElseThrow(() -> new HubException(IotHubError.DEVICE_NOT_FOUND,
                "device " + deviceId + " not found"));
        JsonArray array = new JsonArray();
        core.registry().modules(deviceId).stream().sorted(Comparator.comparing(ModuleInfo::moduleId))
                .forEach(m -> array.add(RegistryJson.module(core, m)));
        return ServiceReply.json(200, array);
    }

    private ModuleInfo existing(String deviceId, String moduleId) {
        DeviceRegistry registry = core.registry();
        registry.device(deviceId).orElseThrow(() -> new HubException(IotHubError.DEVICE_NOT_FOUND,
                "device " + deviceId + " not found"));
        return registry.module(deviceId, moduleId).orElseThrow(() -> new HubException(IotHubError.MODULE_NOT_FOUND,
                "module " + deviceId + "/" + moduleId + " not found"));
    }

    private ServiceReply reply(ModuleInfo m) {
        JsonObject json = RegistryJson.module(core, m);
        return ServiceReply.json(200, json).header("ETag", "\"" + json.getString("etag") + "\"");
    }

    private static String orNew(String key) {
        return key != null ? key : DeviceRegistry.generateKey();
    }
}

package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy.Right;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;

/**
 * Device identities: {@code PUT /devices/{id}} creates (or, with {@code If-Match}, replaces), {@code GET} reads,
 * {@code DELETE} removes (with {@code If-Match}); {@code GET /devices?top=n} lists; {@code GET /statistics/devices}
 * counts. Keys not given are generated; {@code status} enabled/disabled.
 */
public final class DeviceResource implements ServiceResource {

    static final int MAX_LIST = 1000;

    private final HubCore core;

    public DeviceResource(HubCore core) {
        this.core = core;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.add(HttpMethod.PUT, "/devices/{id}", Right.REGISTRY_WRITE, ServiceHandler.sync(this::put))
                .add(HttpMethod.GET, "/devices/{id}", Right.REGISTRY_READ, ServiceHandler.sync(this::get))
                .add(HttpMethod.DELETE, "/devices/{id}", Right.REGISTRY_WRITE, ServiceHandler.sync(this::delete))
                .add(HttpMethod.GET, "/devices", Right.REGISTRY_READ, ServiceHandler.sync(this::list))
                .add(HttpMethod.GET, "/statistics/devices", Right.REGISTRY_READ, ServiceHandler.sync(this::statistics));
    }

    private ServiceReply put(ServiceRequest request) {
        String deviceId = request.param("id");
        RegistryJson.checkId("deviceId", deviceId);
        JsonObject body = request.jsonObject();
        RegistryJson.checkSameId(body, "deviceId", deviceId);
        String[] keys = RegistryJson.keys(body);
        boolean enabled = RegistryJson.enabled(body);
        String statusReason = RegistryJson.text(body, "statusReason");
        DeviceRegistry registry = core.registry();
        DeviceInfo result;
        if (request.ifMatch() == null) {
            DeviceInfo created = registry.addDevice(deviceId, orNew(keys[0]), orNew(keys[1]));
            result = enabled && statusReason == null ? created
                    : registry.updateDevice(deviceId, created.primaryKey(), created.secondaryKey(), enabled, statusReason,
                    null);
        } else {
            DeviceInfo existing = registry.device(deviceId).orElseThrow(() -> new HubException(
                    IotHubError.DEVICE_NOT_FOUND, "device " + deviceId + " not found (If-Match given: an update)"));
            result = registry.updateDevice(deviceId, keys[0] != null ? keys[0] : existing.primaryKey(),
                    keys[1] != null ? keys[1] : existing.secondaryKey(), enabled, statusReason, request.ifMatch());
        }
        return reply(result);
    }

    private ServiceReply get(ServiceRequest request) {
        String deviceId = request.param("id");
        return reply(core.registry().device(deviceId).orElseThrow(() -> notFound(deviceId)));
    }

    private ServiceReply delete(ServiceRequest request) {
        core.registry().removeDevice(request.param("id"), request.ifMatch());
        return ServiceReply.noContent();
    }

    private ServiceReply list(ServiceRequest request) {
        int top = MAX_LIST;
        String topParam = request.query("top");
        if (topParam != null) {
            try {
                top = Integer.parseInt(topParam.trim());
            } catch (NumberFormatException e) {
                top = -1;
            }
            if (top < 1 || top > MAX_LIST) {
                throw new HubException(IotHubError.ARGUMENT_INVALID, "top must be a number from 1 to " + MAX_LIST
                        + ", got '" + topParam + "'");
            }
        }
        List<DeviceInfo> devices = core.registry().devices().stream()
                .sorted(Comparator.comparing(DeviceInfo::deviceId)).limit(top).toList();
        JsonArray array = new JsonArray();
        devices.forEach(d -> array.add(RegistryJson.device(core, d)));
        return ServiceReply.json(200, array);
    }

    private ServiceReply statistics(ServiceRequest request) {
        List<DeviceInfo> devices = core.registry().devices();
        long enabled = devices.stream().filter(DeviceInfo::enabled).count();
        return ServiceReply.json(200, new JsonObject()
                .put("totalDeviceCount", devices.size())
                .put("enabledDeviceCount", enabled)
                .put("disabledDeviceCount", devices.size() - enabled));
    }

    private ServiceReply reply(DeviceInfo d) {
        JsonObject json = RegistryJson.device(core, d);
        return ServiceReply.json(200, json).header("ETag", "\"" + json.getString("etag") + "\"");
    }

    private static String orNew(String key) {
        return key != null ? key : DeviceRegistry.generateKey();
    }

    private static HubException notFound(String deviceId) {
        return new HubException(IotHubError.DEVICE_NOT_FOUND, "device " + deviceId + " not found");
    }
}

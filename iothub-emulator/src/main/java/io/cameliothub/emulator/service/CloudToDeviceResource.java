package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.AccessPolicy.Right;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * A device's cloud-to-device queue: {@code DELETE /devices/{id}/commands} purges it (ServiceConnect), answering
 * {@code {"totalMessagesPurged":n,"deviceId":..,"moduleId":null}} as IoT Hub's purge does.
 */
public final class CloudToDeviceResource implements ServiceResource {

    private final HubCore core;

    public CloudToDeviceResource(HubCore core) {
        this.core = core;
    }

    @Override
    public void register(ServiceRoutes routes) {
        routes.add(HttpMethod.DELETE, "/devices/{id}/commands", Right.SERVICE_CONNECT, ServiceHandler.sync(this::purge));
    }

    private ServiceReply purge(ServiceRequest request) {
        String deviceId = request.param("id");
        if (core.registry().device(deviceId).isEmpty()) {
            throw new HubException(IotHubError.DEVICE_NOT_FOUND, "device " + deviceId + " not found");
        }
        int purged = core.c2dQueue(Identity.device(deviceId)).purge();
        return ServiceReply.json(200, new JsonObject().put("totalMessagesPurged", purged).put("deviceId", deviceId)
                .put("moduleId", null));
    }
}

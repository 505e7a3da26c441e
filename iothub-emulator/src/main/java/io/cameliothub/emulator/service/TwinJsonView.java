package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.twin.Twin;
import io.vertx.core.json.JsonObject;

/**
 * A twin as the service API shows it: identity fields ({@code deviceId}, {@code moduleId}, {@code etag},
 * {@code deviceEtag}, {@code status}, {@code connectionState}, ...), the twin-wide {@code version}, {@code tags} and
 * {@code properties.desired} / {@code properties.reported} with their {@code $version}s. No {@code $metadata}.
 */
final class TwinJsonView {

    private TwinJsonView() {
    }

    static JsonObject service(HubCore core, Identity id, Twin twin) {
        JsonObject json = new JsonObject().put("deviceId", id.deviceId());
        if (id.isModule()) {
            json.put("moduleId", id.moduleId());
        }
        boolean enabled = core.registry().device(id.deviceId()).map(DeviceInfo::enabled).orElse(false);
        json.put("etag", twin.etag())
                .put("deviceEtag", core.registry().etag(id).orElse(""))
                .put("status", enabled ? "enabled" : "disabled")
                .put("statusUpdateTime", RegistryJson.NEVER)
                .put("connectionState", core.connections().isConnected(id) ? "Connected" : "Disconnected")
                .put("lastActivityTime", RegistryJson.NEVER)
                .put("cloudToDeviceMessageCount", core.c2dQueue(id).pendingCount())
                .put("authenticationType", "sas")
                .put("x509Thumbprint", new JsonObject().putNull("primaryThumbprint").putNull("secondaryThumbprint"))
                .put("version", twin.version())
                .put("tags", twin.tags());
        if (!id.isModule()) {
            json.put("capabilities", new JsonObject().put("iotEdge", false));
        }
        JsonObject properties = new JsonObject()
                .put("desired", twin.desired().copy().put("$version", twin.desiredVersion()))
                .put("reported", twin.reported().copy().put("$version", twin.reportedVersion()));
        return json.put("properties", properties);
    }

    /** A section without its read-only {@code $} members. */
    static JsonObject withoutMeta(JsonObject section) {
        JsonObject copy = section.copy();
        copy.remove("$version");
        copy.remove("$metadata");
        copy.remove("$etag");
        return copy;
    }
}

package io.cameliothub.emulator.twin;

import io.cameliothub.emulator.core.Identity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A reported-properties patch a device sent and the hub accepted, with the reported version it produced. */
public record ReportedUpdate(Identity identity, JsonObject patch, long version, Instant at) {

    public String deviceId() {
        return identity.deviceId();
    }

    public String moduleId() {
        return identity.moduleId();
    }
}

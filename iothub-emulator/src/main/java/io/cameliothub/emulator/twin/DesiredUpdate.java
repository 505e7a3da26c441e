package io.cameliothub.emulator.twin;

import io.cameliothub.emulator.core.Identity;
import io.vertx.core.json.JsonObject;

/** A change of desired properties as a device is told it: the patch (or replacement) and the new desired version. */
public record DesiredUpdate(Identity identity, long version, JsonObject patch) {

    /** The notification body: the patch plus {@code "$version": version}. */
    public String json() {
        return patch.copy().put("$version", version).encode();
    }
}

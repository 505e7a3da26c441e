package io.cameliothub.emulator.twin;

import io.cameliothub.emulator.core.Identity;
import io.vertx.core.json.JsonObject;

/**
 * A snapshot of one identity's twin. {@code desired}, {@code reported} and {@code tags} are copies without
 * {@code $version}; {@code version} and {@code etag} are the service-side, twin-wide ones.
 */
public record Twin(Identity identity, JsonObject desired, JsonObject reported, JsonObject tags, long desiredVersion,
                   long reportedVersion, long version, String etag) {

    /** What a device gets for a twin GET: {@code {"desired":{...,"$version":d},"reported":{...,"$version":r}}}. */
    public JsonObject deviceDocument() {
        return new JsonObject()
                .put("desired", desired.copy().put("$version", desiredVersion))
                .put("reported", reported.copy().put("$version", reportedVersion));
    }

    public String deviceJson() {
        return deviceDocument().encode();
    }
}

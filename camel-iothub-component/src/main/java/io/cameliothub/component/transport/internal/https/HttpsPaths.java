package io.cameliothub.component.transport.internal.https;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.cameliothub.component.transport.internal.TransportSettings;

/**
 * The device REST API's URIs for one identity: {@code /devices/{id}[/modules/{mid}]/messages/events} and
 * {@code .../messages/devicebound[/{lockToken}[/abandon]]}, each with {@code api-version}. Ids are percent-encoded per
 * segment.
 */
final class HttpsPaths {

    /** The API version the official Java device SDK 2.x sends. */
    static final String API_VERSION = "2020-09-30";

    private final String base;
    private final String identityPath;

    HttpsPaths(TransportSettings settings) {
        this.base = "https://" + settings.connectHost() + (settings.port() == 443 ? "" : ":" + settings.port());
        this.identityPath = "/devices/" + encode(settings.deviceId())
                            + (settings.moduleId() == null ? "" : "/modules/" + encode(settings.moduleId()));
    }

    String eventsPath() {
        return identityPath + "/messages/events";
    }

    String deviceBoundPath() {
        return identityPath + "/messages/devicebound";
    }

    String lockPath(String lockToken) {
        return deviceBoundPath() + "/" + encode(lockToken);
    }

    URI events() {
        return uri(eventsPath(), "");
    }

    URI deviceBound() {
        return uri(deviceBoundPath(), "");
    }

    URI complete(String lockToken) {
        return uri(lockPath(lockToken), "");
    }

    /** Reject is the complete DELETE plus a bare {@code reject} parameter, as the C and Node SDKs send it. */
    URI reject(String lockToken) {
        return uri(lockPath(lockToken), "&reject");
    }

    URI abandon(String lockToken) {
        return uri(lockPath(lockToken) + "/abandon", "");
    }

    private URI uri(String path, String extraQuery) {
        return URI.create(base + path + "?api-version=" + API_VERSION + extraQuery);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

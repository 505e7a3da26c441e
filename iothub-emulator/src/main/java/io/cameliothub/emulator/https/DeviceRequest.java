package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.Urls;
import java.util.Locale;
import java.util.Optional;

/**
 * A device REST API path, parsed: {@code /devices/{id}[/modules/{mid}]/messages/events}, {@code .../messages/devicebound},
 * {@code .../messages/devicebound/{etag}} and {@code .../messages/devicebound/{etag}/abandon}. The fixed segments match
 * case-insensitively (SDKs write {@code devicebound}, the REST reference {@code deviceBound}); ids are percent-decoded.
 */
record DeviceRequest(Identity identity, Operation operation, String lockToken) {

    enum Operation {
        SEND_EVENT, RECEIVE, SETTLE, ABANDON
    }

    static Optional<DeviceRequest> parse(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String[] s = path.substring(1).split("/", -1);
        if (s.length < 4 || !is(s[0], "devices") || s[1].isEmpty()) {
            return Optional.empty();
        }
        Identity identity;
        int i;
        try {
            if (is(s[2], "modules")) {
                if (s.length < 6 || s[3].isEmpty()) {
                    return Optional.empty();
                }
                identity = Identity.module(Urls.decode(s[1]), Urls.decode(s[3]));
                i = 4;
            } else {
                identity = Identity.device(Urls.decode(s[1]));
                i = 2;
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!is(s[i], "messages")) {
            return Optional.empty();
        }
        int rest = s.length - i - 1;
        if (rest == 1 && is(s[i + 1], "events")) {
            return Optional.of(new DeviceRequest(identity, Operation.SEND_EVENT, null));
        }
        if (rest < 1 || !is(s[i + 1], "devicebound")) {
            return Optional.empty();
        }
        if (rest == 1) {
            return Optional.of(new DeviceRequest(identity, Operation.RECEIVE, null));
        }
        String etag;
        try {
            etag = unquote(Urls.decode(s[i + 2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (etag.isEmpty()) {
            return Optional.empty();
        }
        if (rest == 2) {
            return Optional.of(new DeviceRequest(identity, Operation.SETTLE, etag));
        }
        if (rest == 3 && is(s[i + 3], "abandon")) {
            return Optional.of(new DeviceRequest(identity, Operation.ABANDON, etag));
        }
        return Optional.empty();
    }

    /** ETags travel quoted; SDKs strip the quotes, but a client may send them back as received. */
    static String unquote(String etag) {
        String t = etag.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static boolean is(String segment, String expected) {
        return segment.toLowerCase(Locale.ROOT).equals(expected);
    }
}

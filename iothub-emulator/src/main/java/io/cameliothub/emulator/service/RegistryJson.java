package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ModuleInfo;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The registry's JSON shapes (learn.microsoft.com/rest/api/iothub/service/devices, api-version 2021-04-12) as the
 * service SDKs write and read them: {@code deviceId}, {@code moduleId}, {@code generationId}, {@code etag},
 * {@code status} ({@code enabled}/{@code disabled}), {@code connectionState} ({@code Connected}/{@code Disconnected}:
 * the Java SDK maps it with {@code valueOf}), times as {@code yyyy-MM-ddTHH:mm:ss[.fff]Z}, and
 * {@code authentication.type} {@code sas} with {@code symmetricKey.primaryKey}/{@code secondaryKey}.
 */
final class RegistryJson {

    /** IoT Hub's "never": what it reports for times that have not happened. */
    static final String NEVER = "0001-01-01T00:00:00Z";

    /** IoT Hub's id rule: up to 128 ASCII letters, digits and {@code - . + % _ # * ? ! ( ) , : = @ $ '}. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.+%_#*?!(),:=@$']{1,128}");

    private RegistryJson() {
    }

    static JsonObject device(HubCore core, DeviceInfo d) {
        Identity id = d.identity();
        Instant statusUpdated = core.registry().statusUpdatedTime(d.deviceId());
        return new JsonObject()
                .put("deviceId", d.deviceId())
                .put("generationId", d.generationId())
                .put("etag", core.registry().etag(id).orElse(""))
                .put("connectionState", connectionState(core, id))
                .put("status", d.enabled() ? "enabled" : "disabled")
                .put("statusReason", core.registry().statusReason(d.deviceId()))
                .put("connectionStateUpdatedTime", NEVER)
                .put("statusUpdatedTime", statusUpdated == null ? NEVER : statusUpdated.toString())
                .put("lastActivityTime", NEVER)
                .put("cloudToDeviceMessageCount", core.c2dQueue(id).pendingCount())
                .put("authentication", sas(d.primaryKey(), d.secondaryKey()))
                .put("capabilities", new JsonObject().put("iotEdge", false));
    }

    static JsonObject module(HubCore core, ModuleInfo m) {
        Identity id = m.identity();
        return new JsonObject()
                .put("moduleId", m.moduleId())
                .put("deviceId", m.deviceId())
                .put("managedBy", null)
                .put("generationId", m.generationId())
                .put("etag", core.registry().etag(id).orElse(""))
                .put("connectionState", connectionState(core, id))
                .put("connectionStateUpdatedTime", NEVER)
                .put("lastActivityTime", NEVER)
                .put("cloudToDeviceMessageCount", core.c2dQueue(id).pendingCount())
                .put("authentication", sas(m.primaryKey(), m.secondaryKey()));
    }

    private static String connectionState(HubCore core, Identity id) {
        return core.connections().isConnected(id) ? "Connected" : "Disconnected";
    }

    private static JsonObject sas(String primary, String secondary) {
        return new JsonObject()
                .put("symmetricKey", new JsonObject().put("primaryKey", primary).put("secondaryKey", secondary))
                .put("x509Thumbprint", new JsonObject().put("primaryThumbprint", null).put("secondaryThumbprint", null))
                .put("type", "sas");
    }

    /** @throws HubException 400004 naming the field when an id breaks IoT Hub's rule */
    static void checkId(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, field + " '" + id + "' is not valid: up to 128 ASCII "
                    + "letters, digits and - . + % _ # * ? ! ( ) , : = @ $ '");
        }
    }

    /** The body's id field must be absent or equal the path's. @throws HubException 400004 */
    static void checkSameId(JsonObject body, String field, String pathValue) {
        Object value = body.getValue(field);
        if (value != null && !pathValue.equals(value.toString())) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, field + " '" + value + "' in the body does not match '"
                    + pathValue + "' in the path");
        }
    }

    /**
     * The {@code authentication} of a PUT: type {@code sas} (or absent) with optional keys; null keys mean "generate".
     *
     * @return {primaryKey, secondaryKey}, entries null when not given
     * @throws HubException 400004 for another type or a malformed object
     */
    static String[] keys(JsonObject body) {
        Object auth = body.getValue("authentication");
        if (auth == null) {
            return new String[2];
        }
        if (!(auth instanceof JsonObject a)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "authentication must be a JSON object");
        }
        Object type = a.getValue("type");
        if (type != null && !"sas".equalsIgnoreCase(type.toString())) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "authentication.type '" + type + "' is not supported by"
                    + " this emulator's registry API: only 'sas' (X.509 identities are not implemented here)");
        }
        Object keys = a.getValue("symmetricKey");
        if (keys == null) {
            return new String[2];
        }
        if (!(keys instanceof JsonObject k)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "authentication.symmetricKey must be a JSON object");
        }
        return new String[] {text(k, "primaryKey"), text(k, "secondaryKey")};
    }

    /** {@code status}: enabled (default) or disabled, any case. @throws HubException 400004 */
    static boolean enabled(JsonObject body) {
        Object status = body.getValue("status");
        if (status == null) {
            return true;
        }
        return switch (status.toString().toLowerCase(Locale.ROOT)) {
            case "enabled" -> true;
            case "disabled" -> false;
            default -> throw new HubException(IotHubError.ARGUMENT_INVALID, "status '" + status
                    + "' is neither 'enabled' nor 'disabled'");
        };
    }

    static String text(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, field + " must be a string");
        }
        return s.isEmpty() ? null : s;
    }
}

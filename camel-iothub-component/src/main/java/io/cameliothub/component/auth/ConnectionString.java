package io.cameliothub.component.auth;

import java.util.Locale;
import java.util.Map;

/**
 * A device or module connection string as the Azure portal hands it out:
 * {@code HostName=...;DeviceId=...;SharedAccessKey=...}. Keys are case-insensitive, values may contain {@code =}.
 * {@link #toString()} never shows a key or a token.
 */
public final class ConnectionString {

    private static final Map<String, String> CANONICAL_KEYS = Map.of(
            "hostname", "HostName",
            "deviceid", "DeviceId",
            "moduleid", "ModuleId",
            "sharedaccesskey", "SharedAccessKey",
            "sharedaccesskeyname", "SharedAccessKeyName",
            "sharedaccesssignature", "SharedAccessSignature",
            "gatewayhostname", "GatewayHostName",
            "x509", "x509");

    private final String hostName;
    private final String deviceId;
    private final String moduleId;
    private final String sharedAccessKey;
    private final String sharedAccessKeyName;
    private final String sharedAccessSignature;
    private final String gatewayHostName;
    private final boolean x509;

    private ConnectionString(Map<String, String> values) {
        this.hostName = values.get("HostName");
        this.deviceId = values.get("DeviceId");
        this.moduleId = values.get("ModuleId");
        this.sharedAccessKey = values.get("SharedAccessKey");
        this.sharedAccessKeyName = values.get("SharedAccessKeyName");
        this.sharedAccessSignature = values.get("SharedAccessSignature");
        this.gatewayHostName = values.get("GatewayHostName");
        this.x509 = "true".equalsIgnoreCase(values.get("x509"));
    }

    /**
     * Parses a connection string.
     *
     * @throws IllegalArgumentException naming the offending part; the message never contains a key or token
     */
    public static ConnectionString parse(String text) {
        ConnectionString cs = parseWithoutDevice(text);
        if (cs.deviceId == null) {
            throw new IllegalArgumentException("connectionString has no DeviceId");
        }
        return cs;
    }

    /**
     * Parses a connection string that may name no device: a shared access policy's
     * ({@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}), as a gateway uses.
     *
     * @throws IllegalArgumentException naming the offending part; the message never contains a key or token
     */
    public static ConnectionString parseWithoutDevice(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("connectionString is empty: expected HostName=...;DeviceId=...;SharedAccessKey=...");
        }
        Map<String, String> values = new java.util.HashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "connectionString has a part that is not Key=Value: expected Key=Value pairs separated by ';'"
                        + (part.toUpperCase(java.util.Locale.ROOT).contains("%3D")
                                ? " (it arrived percent-encoded: wrap it in RAW(...) where it is written into a URI or "
                                  + "handed to a Kamelet)"
                                : ""));
            }
            String key = part.substring(0, eq).trim();
            String canonical = CANONICAL_KEYS.get(key.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                // a key pasted without its name would otherwise be echoed: name only what looks like a name
                String shown = key.matches("[A-Za-z]{1,40}") ? "'" + key + "'" : "(not shown: it may be a secret)";
                throw new IllegalArgumentException("connectionString has an unknown key " + shown
                        + ": expected HostName, DeviceId, ModuleId, SharedAccessKey, SharedAccessKeyName, "
                        + "SharedAccessSignature, GatewayHostName or x509");
            }
            String value = part.substring(eq + 1).trim();
            if (value.isEmpty()) {
                throw new IllegalArgumentException("connectionString has an empty value for " + canonical);
            }
            if (values.put(canonical, value) != null) {
                throw new IllegalArgumentException("connectionString names " + canonical + " twice");
            }
        }
        if (!values.containsKey("HostName")) {
            throw new IllegalArgumentException("connectionString has no HostName");
        }
        return new ConnectionString(values);
    }

    public String hostName() {
        return hostName;
    }

    public String deviceId() {
        return deviceId;
    }

    public String moduleId() {
        return moduleId;
    }

    public String sharedAccessKey() {
        return sharedAccessKey;
    }

    public String sharedAccessKeyName() {
        return sharedAccessKeyName;
    }

    public String sharedAccessSignature() {
        return sharedAccessSignature;
    }

    public String gatewayHostName() {
        return gatewayHostName;
    }

    public boolean isX509() {
        return x509;
    }

    @Override
    public String toString() {
        return "ConnectionString[HostName=" + hostName + ";DeviceId=" + deviceId
               + (moduleId != null ? ";ModuleId=" + moduleId : "")
               + (gatewayHostName != null ? ";GatewayHostName=" + gatewayHostName : "")
               + (sharedAccessKey != null ? ";SharedAccessKey=***" : "")
               + (sharedAccessKeyName != null ? ";SharedAccessKeyName=" + sharedAccessKeyName : "")
               + (sharedAccessSignature != null ? ";SharedAccessSignature=***" : "")
               + (x509 ? ";x509=true" : "") + "]";
    }
}

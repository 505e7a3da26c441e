package io.cameliothub.component.transport.internal.mqtt;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * IoT Hub's MQTT topics for twins and direct methods. They are the same for devices and modules: the identity comes
 * from the connection. The hub echoes {@code $rid} verbatim and puts it first in the query, {@code $version} second.
 */
final class MqttTwinTopics {

    static final String TWIN_RESPONSES = "$iothub/twin/res/#";
    static final String DESIRED_UPDATES = "$iothub/twin/PATCH/properties/desired/#";
    static final String METHOD_REQUESTS = "$iothub/methods/POST/#";

    private static final String TWIN_RESPONSE_PREFIX = "$iothub/twin/res/";
    private static final String DESIRED_PREFIX = "$iothub/twin/PATCH/properties/desired/";
    private static final String METHOD_PREFIX = "$iothub/methods/POST/";

    /** A response to a twin request. {@code version} is -1 when the hub sent none. */
    record TwinResponse(int status, String rid, long version) {
    }

    /** A direct-method invocation. */
    record MethodRequest(String name, String rid) {
    }

    private MqttTwinTopics() {
    }

    static String getTwin(String rid) {
        return "$iothub/twin/GET/?$rid=" + encode(rid);
    }

    static String patchReported(String rid, Long version) {
        return "$iothub/twin/PATCH/properties/reported/?$rid=" + encode(rid)
               + (version == null ? "" : "&$version=" + version);
    }

    static String methodResponse(int status, String rid) {
        return "$iothub/methods/res/" + status + "/?$rid=" + encode(rid);
    }

    /** The twin response a topic carries, or null when the topic is not a twin response. */
    static TwinResponse twinResponse(String topic) {
        if (!topic.startsWith(TWIN_RESPONSE_PREFIX)) {
            return null;
        }
        String rest = topic.substring(TWIN_RESPONSE_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        int status;
        try {
            status = Integer.parseInt(rest.substring(0, slash));
        } catch (NumberFormatException e) {
            return null;
        }
        String query = query(rest.substring(slash + 1));
        return new TwinResponse(status, param(query, "$rid"), longParam(query, "$version"));
    }

    /** The desired version a notification topic carries, -1 when it carries none, or null when not a notification. */
    static Long desiredVersion(String topic) {
        if (!topic.startsWith(DESIRED_PREFIX)) {
            return null;
        }
        return longParam(query(topic.substring(DESIRED_PREFIX.length())), "$version");
    }

    /** The method invocation a topic carries, or null when the topic is not one. */
    static MethodRequest methodRequest(String topic) {
        if (!topic.startsWith(METHOD_PREFIX)) {
            return null;
        }
        String rest = topic.substring(METHOD_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String rid = param(query(rest.substring(slash + 1)), "$rid");
        return rid == null ? null : new MethodRequest(rest.substring(0, slash), rid);
    }

    private static String query(String tail) {
        return tail.startsWith("?") ? tail.substring(1) : tail;
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static long longParam(String query, String name) {
        String value = param(query, name);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}

package io.cameliothub.component.transport.internal.https;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cameliothub.component.transport.IotHubMessage;

/**
 * A device-to-cloud message's properties as the device REST API names them: system properties as {@code iothub-*},
 * application properties as {@code iothub-app-{name}}. Used for the headers of a single event and for the
 * {@code properties} of a batch entry.
 */
final class HttpsMessageHeaders {

    static final String APP_PREFIX = "iothub-app-";

    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HttpsMessageHeaders() {
    }

    static Map<String, String> of(IotHubMessage message) {
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "iothub-messageid", message.getMessageId());
        put(headers, "iothub-correlationid", message.getCorrelationId());
        put(headers, "iothub-userid", message.getUserId());
        put(headers, "iothub-contenttype", message.getContentType());
        put(headers, "iothub-contentencoding", message.getContentEncoding());
        if (message.getCreationTime() != null) {
            headers.put("iothub-creation-time-utc", message.getCreationTime().toString());
        }
        message.getApplicationProperties().forEach((name, value) -> headers.put(APP_PREFIX + name, value));
        return headers;
    }

    /**
     * Checks that every property can be an HTTP header.
     *
     * @throws IllegalArgumentException naming the first property that cannot
     */
    static void checkHeaderSafe(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            // the route knows the property by its own name, not by the HTTP header that carries it
            String name = h.getKey().startsWith(APP_PREFIX) ? h.getKey().substring(APP_PREFIX.length()) : h.getKey();
            if (!isToken(h.getKey())) {
                throw new IllegalArgumentException("The property name '" + name + "' cannot travel over HTTPS: IoT Hub "
                                                   + "takes properties as HTTP headers, whose names allow only ASCII "
                                                   + "letters, digits and " + TOKEN_SYMBOLS);
            }
            if (!isValue(h.getValue())) {
                throw new IllegalArgumentException("The value of property '" + name + "' cannot travel over HTTPS: "
                                                   + "header values allow only printable ASCII (encode it, e.g. "
                                                   + "percent- or Base64-encode, or send it in the body)");
            }
        }
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                  || TOKEN_SYMBOLS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ' ' || c == '\t' || c >= 0x21 && c <= 0x7e)) {
                return false;
            }
        }
        return true;
    }
}

package io.cameliothub.component.transport.internal.https;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.transport.HttpsHubException;

/**
 * Turns an error response of the device REST API into an {@link HttpsHubException}. IoT Hub's error code comes from
 * the body's numeric {@code errorCode}, else from the error name ({@code iothub-errorcode} header, or
 * {@code "Message":"ErrorCode:Name;..."}); 429, 500 and 503 are retryable.
 */
final class HttpsErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("ArgumentInvalid", "400004"),
            Map.entry("IotHubUnauthorizedAccess", "401002"),
            Map.entry("IotHubUnauthorized", "401003"),
            Map.entry("IotHubQuotaExceeded", "403002"),
            Map.entry("DeviceMaximumQueueDepthExceeded", "403004"),
            Map.entry("DeviceNotFound", "404001"),
            Map.entry("ModuleNotFound", "404010"),
            Map.entry("PreconditionFailed", "412001"),
            Map.entry("DeviceMessageLockLost", "412002"),
            Map.entry("MessageTooLarge", "413001"),
            Map.entry("ThrottlingException", "429001"),
            Map.entry("ThrottleBacklogLimitExceeded", "429002"),
            Map.entry("ServerError", "500001"),
            Map.entry("ServiceUnavailable", "503001"));

    private HttpsErrors() {
    }

    static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 503;
    }

    static HttpsHubException of(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        String code = null;
        String detail = null;
        try {
            JsonNode body = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
            if (body != null && body.isObject()) {
                JsonNode errorCode = body.get("errorCode");
                if (errorCode != null && errorCode.canConvertToLong()) {
                    code = errorCode.asText();
                }
                JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
                if (message != null && message.isTextual()) {
                    detail = message.asText();
                    if (code == null && detail.startsWith("ErrorCode:")) {
                        int end = detail.indexOf(';');
                        code = CODES.get(detail.substring("ErrorCode:".length(), end < 0 ? detail.length() : end));
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: status only
        }
        if (code == null) {
            code = response.headers().firstValue("iothub-errorcode").map(CODES::get).orElse(null);
        }
        StringBuilder text = new StringBuilder("IoT Hub answered ").append(status);
        if (code != null) {
            text.append(" (").append(code).append(')');
        }
        text.append(" to ").append(what);
        if (detail != null && !detail.isBlank()) {
            text.append(": ").append(detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail);
        }
        return new HttpsHubException(text.toString(), status, code != null ? code : Integer.toString(status),
                isRetryable(status));
    }
}

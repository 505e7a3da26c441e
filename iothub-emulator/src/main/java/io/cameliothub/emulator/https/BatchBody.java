package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.D2cMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a batch of events ({@value #CONTENT_TYPE}): a JSON array of
 * {@code {"body": ..., "base64Encoded": true|false, "properties": {"iothub-app-k": "v", "iothub-messageid": ...}}}.
 * A body with {@code base64Encoded} true is Base64 and false means the string itself (UTF-8) is the body. Absent means
 * Base64 (the .NET and Node SDKs leave the flag out and send Base64: "the default is true"), unless the string is not
 * Base64 at all, which is then taken as text. A non-string body is taken as its JSON text.
 */
final class BatchBody {

    static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.json";

    private BatchBody() {
    }

    static boolean isBatch(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith(CONTENT_TYPE);
    }

    /** @throws IllegalArgumentException saying what is malformed */
    static List<D2cMessage> decode(Buffer body) {
        JsonArray array;
        try {
            array = new JsonArray(body);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("a batch must be a JSON array of messages");
        }
        if (array.isEmpty()) {
            throw new IllegalArgumentException("the batch is empty");
        }
        List<D2cMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Object entry = array.getValue(i);
            if (!(entry instanceof JsonObject json)) {
                throw new IllegalArgumentException("batch entry " + i + " is not a JSON object");
            }
            messages.add(decodeEntry(json, i));
        }
        return messages;
    }

    private static D2cMessage decodeEntry(JsonObject json, int index) {
        D2cMessage.Builder message = D2cMessage.builder().body(body(json, index));
        Object properties = json.getValue("properties");
        if (properties instanceof JsonObject props) {
            for (Map.Entry<String, Object> p : props) {
                if (p.getValue() != null) {
                    D2cProperties.apply(p.getKey(), String.valueOf(p.getValue()), message);
                }
            }
        } else if (properties != null) {
            throw new IllegalArgumentException("properties of batch entry " + index + " is not a JSON object");
        }
        return message.build();
    }

    private static byte[] body(JsonObject json, int index) {
        Object body = json.getValue("body");
        if (body == null) {
            return new byte[0];
        }
        Object flag = json.getValue("base64Encoded");
        boolean base64 = Boolean.TRUE.equals(flag) || "true".equalsIgnoreCase(String.valueOf(flag));
        if (!(body instanceof String text)) {
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (flag == null) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        if (!base64) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the body of batch entry " + index + " is not valid Base64");
        }
    }
}

package io.cameliothub.component.transport.internal.https;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * Splits messages into device REST API requests: consecutive messages share a batch request
 * ({@value #CONTENT_TYPE}, a JSON array of {@code {"body":<Base64>,"base64Encoded":true,"properties":{...}}}) as long as
 * its body stays within {@link #MAX_BATCH_BODY} bytes; packing in order greedily gives the fewest requests that keep
 * the order. A message whose Base64 entry alone is too big for a batch, but which is within IoT Hub's 256 KB message
 * limit, goes as a single request.
 */
final class HttpsBatchPlan {

    static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.json";

    /** IoT Hub's 256 KB limit, applied to the batch request's body. */
    static final int MAX_BATCH_BODY = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of the plan. */
    sealed interface Part permits Batch, Single {
        List<IotHubMessage> messages();
    }

    record Batch(List<IotHubMessage> messages, byte[] body) implements Part {
    }

    record Single(IotHubMessage message) implements Part {
        @Override
        public List<IotHubMessage> messages() {
            return List.of(message);
        }
    }

    private HttpsBatchPlan() {
    }

    /**
     * @throws IotHubException         413001 when a message exceeds IoT Hub's message limit (nothing is sent)
     * @throws IllegalArgumentException when a message that must go alone has properties HTTP headers cannot carry
     */
    static List<Part> plan(List<IotHubMessage> messages, int maxBody) {
        List<Part> parts = new ArrayList<>();
        List<IotHubMessage> current = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < messages.size(); i++) {
            IotHubMessage message = messages.get(i);
            int size = message.size();
            if (size > IotHubMessage.MAX_D2C_SIZE) {
                throw new IotHubException("Message " + i + " of the batch is " + size + " bytes (body and properties); "
                                          + "IoT Hub accepts at most " + IotHubMessage.MAX_D2C_SIZE
                                          + " bytes per device-to-cloud message. Nothing was sent",
                        "413001", false);
            }
            byte[] entry = entry(message);
            if (entry.length + 2 > maxBody) {
                HttpsMessageHeaders.checkHeaderSafe(HttpsMessageHeaders.of(message));
                flush(parts, current, body);
                parts.add(new Single(message));
                continue;
            }
            int needed = body.size() == 0 ? entry.length + 2 : entry.length + 1;
            if (body.size() + needed > maxBody) {
                flush(parts, current, body);
            }
            body.write(body.size() == 0 ? '[' : ',');
            body.writeBytes(entry);
            current.add(message);
        }
        flush(parts, current, body);
        return parts;
    }

    private static void flush(List<Part> parts, List<IotHubMessage> current, ByteArrayOutputStream body) {
        if (current.isEmpty()) {
            return;
        }
        body.write(']');
        parts.add(new Batch(List.copyOf(current), body.toByteArray()));
        current.clear();
        body.reset();
    }

    static byte[] entry(IotHubMessage message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("body", Base64.getEncoder().encodeToString(message.getBody()));
        entry.put("base64Encoded", true);
        entry.put("properties", HttpsMessageHeaders.of(message));
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a batch entry as JSON", e);
        }
    }
}

package io.cameliothub.component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TwinRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The producer's twin operations: getTwin puts the twin JSON in the body and the section versions in headers;
 * updateReportedProperties sends the body as a reported-properties patch and sets the new reported version.
 */
final class IotHubTwinOperations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private IotHubTwinOperations() {
    }

    static CompletableFuture<Void> getTwin(IotHubTransport transport, Exchange exchange) {
        return transport.twin(TwinRequest.get()).thenAccept(reply -> {
            Message message = exchange.getMessage();
            String twin = new String(reply.body(), StandardCharsets.UTF_8);
            JsonNode tree = TwinJson.parse(twin);
            message.setBody(twin);
            message.setHeader(IotHubConstants.DESIRED_VERSION, tree.path("desired").path("$version").asLong(-1));
            message.setHeader(IotHubConstants.REPORTED_VERSION, tree.path("reported").path("$version").asLong(-1));
            message.setHeader(IotHubConstants.CONTENT_TYPE, "application/json");
        });
    }

    static CompletableFuture<Void> updateReportedProperties(IotHubTransport transport, Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] patch = TwinJson.objectBytes(message.getBody(), "updateReportedProperties");
        Long expected = message.getHeader(IotHubConstants.REPORTED_VERSION, Long.class);
        return transport.twin(TwinRequest.patchReported(patch, expected)).thenAccept(reply -> {
            if (reply.version() >= 0) {
                message.setHeader(IotHubConstants.REPORTED_VERSION, reply.version());
            } else {
                message.removeHeader(IotHubConstants.REPORTED_VERSION);
            }
        });
    }

    /** JSON as twins need it. */
    static final class TwinJson {
        private TwinJson() {
        }

        static JsonNode parse(String json) {
            try {
                return JSON.readTree(json);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }

        /**
         * A body as the bytes of a JSON object: a String or byte[] holding one, a Map, a JsonNode or a bean.
         *
         * @throws IllegalArgumentException naming the operation, when the body is null or not a JSON object
         */
        static byte[] objectBytes(Object body, String operation) {
            if (body == null) {
                throw new IllegalArgumentException(operation + " needs a JSON object in the body (a String, a Map or a "
                                                   + "JsonNode); the body is null");
            }
            JsonNode tree;
            try {
                if (body instanceof String text) {
                    tree = JSON.readTree(text);
                } else if (body instanceof byte[] bytes) {
                    tree = JSON.readTree(bytes);
                } else {
                    tree = JSON.valueToTree(body);
                }
            } catch (Exception e) {
                throw new IllegalArgumentException(operation + " needs a JSON object in the body; a "
                                                   + body.getClass().getSimpleName() + " that is not one was given: "
                                                   + e.getMessage(), e);
            }
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException(operation + " needs a JSON object in the body, not "
                                                   + (tree == null ? "nothing" : tree.getNodeType()));
            }
            return tree.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** A method's answer: a String or byte[] as given, anything else as JSON, null as no payload. */
        static byte[] anyBytes(Object body) {
            if (body == null) {
                return new byte[0];
            }
            if (body instanceof byte[] bytes) {
                return bytes;
            }
            if (body instanceof String text) {
                return text.getBytes(StandardCharsets.UTF_8);
            }
            return JSON.valueToTree(body).toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}

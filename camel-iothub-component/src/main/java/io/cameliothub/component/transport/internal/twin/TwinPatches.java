package io.cameliothub.component.transport.internal.twin;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * IoT Hub's twin patch rules as pure functions: a patch merges recursively into a section, an object member updates or
 * adds, a scalar replaces, {@code null} deletes; keys starting with {@code $} ({@code $version}, {@code $metadata}) are
 * the hub's own and never part of what a patch carries.
 */
public final class TwinPatches {

    private TwinPatches() {
    }

    /** Merges the patch into the target in place and returns the target. */
    public static ObjectNode merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (isHubKey(key)) {
                continue;
            }
            if (value == null || value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && target.get(key) instanceof ObjectNode existing) {
                merge(existing, value);
            } else if (value.isObject()) {
                target.set(key, merge(JsonNodeFactory.instance.objectNode(), value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        return target;
    }

    /**
     * The patch that turns {@code from} into {@code to}: members added or changed in {@code to}, and {@code null} for
     * members {@code to} no longer has. Hub keys are left out on both sides. An empty result means no change.
     */
    public static ObjectNode diff(JsonNode from, JsonNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = to.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (isHubKey(key)) {
                continue;
            }
            JsonNode before = from.get(key);
            JsonNode after = field.getValue();
            if (before != null && before.isObject() && after.isObject()) {
                ObjectNode inner = diff(before, after);
                if (!inner.isEmpty()) {
                    patch.set(key, inner);
                }
            } else if (!after.equals(before)) {
                patch.set(key, after.deepCopy());
            }
        }
        Iterator<String> names = from.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!isHubKey(key) && !to.has(key)) {
                patch.putNull(key);
            }
        }
        return patch;
    }

    /** A copy of the section without the hub's own keys at its top level. */
    public static ObjectNode withoutHubKeys(JsonNode section) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = section.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!isHubKey(field.getKey())) {
                copy.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return copy;
    }

    /** The section's {@code $version}, or -1 when it has none. */
    public static long version(JsonNode section) {
        JsonNode version = section == null ? null : section.get("$version");
        return version != null && version.canConvertToLong() ? version.asLong() : -1;
    }

    static boolean isHubKey(String key) {
        return key.startsWith("$");
    }
}

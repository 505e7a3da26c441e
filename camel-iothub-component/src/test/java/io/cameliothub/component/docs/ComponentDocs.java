package io.cameliothub.component.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders the option and header tables of the component page from iothub.json, in the layout of Camel's own
 * component pages (name with its group, description, default, type).
 */
final class ComponentDocs {

    private static final String TABLE_START = "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n"
                                              + "| Name | Description | Default | Type\n";

    private ComponentDocs() {
    }

    static String options(JsonNode json) {
        JsonNode component = json.path("component");
        String title = component.path("title").asText();
        List<Map.Entry<String, JsonNode>> path = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> query = new ArrayList<>();
        json.path("properties").properties().forEach(e -> ("path".equals(e.getValue().path("kind").asText()) ? path
                : query).add(e));
        List<Map.Entry<String, JsonNode>> componentOptions = new ArrayList<>(json.path("componentProperties").properties());
        StringBuilder out = new StringBuilder();
        out.append("== Component Options\n\n")
                .append("The ").append(title).append(" component supports ").append(componentOptions.size())
                .append(" options, which are listed below. Set them on the component (e.g. `camel.component.iothub.")
                .append("hostName`); they are the defaults of every endpoint.\n\n")
                .append(optionTable(componentOptions))
                .append("\n== Endpoint Options\n\n")
                .append("The ").append(title).append(" endpoint is configured using URI syntax:\n\n----\n")
                .append(component.path("syntax").asText()).append("\n----\n\n")
                .append("=== Path Parameters (").append(path.size()).append(" parameters)\n\n")
                .append(optionTable(path))
                .append("\n=== Query Parameters (").append(query.size()).append(" parameters)\n\n")
                .append(optionTable(query));
        return out.toString();
    }

    static String headers(JsonNode json) {
        List<Map.Entry<String, JsonNode>> headers = new ArrayList<>(json.path("headers").properties());
        StringBuilder out = new StringBuilder("== Message Headers\n\nThe ")
                .append(json.path("component").path("title").asText()).append(" component supports ")
                .append(headers.size()).append(" message headers, which are listed below.\n\n").append(TABLE_START);
        for (Map.Entry<String, JsonNode> h : headers) {
            JsonNode v = h.getValue();
            String constant = v.path("constantName").asText();
            out.append("| *").append(h.getKey()).append("* (").append(group(v)).append(")\n`")
                    .append(constant.substring(constant.indexOf('#') + 1)).append("` | ")
                    .append(escape(v.path("description").asText())).append(" | ")
                    .append(v.path("defaultValue").asText("")).append(" | ")
                    .append(v.path("javaType").asText()).append('\n');
        }
        return out.append("|===\n").toString();
    }

    private static String optionTable(List<Map.Entry<String, JsonNode>> options) {
        StringBuilder out = new StringBuilder(TABLE_START);
        for (Map.Entry<String, JsonNode> o : options) {
            JsonNode v = o.getValue();
            out.append("| *").append(o.getKey()).append("* (").append(group(v)).append(")")
                    .append(v.path("secret").asBoolean() ? " (secret)" : "")
                    .append(" | ").append(escape(v.path("description").asText()))
                    .append(v.has("enum") ? " Values: " + String.join(", ", enums(v)) + "." : "")
                    .append(" | ").append(escape(v.path("defaultValue").asText(""))).append(" | ")
                    .append(type(v)).append('\n');
        }
        return out.append("|===\n").toString();
    }

    private static String group(JsonNode option) {
        String group = option.path("group").asText();
        return group.isEmpty() ? "common" : group;
    }

    private static List<String> enums(JsonNode option) {
        List<String> values = new ArrayList<>();
        option.path("enum").forEach(e -> values.add(e.asText()));
        return values;
    }

    private static String type(JsonNode option) {
        if ("duration".equals(option.path("type").asText())) {
            return "Duration";
        }
        String javaType = option.path("javaType").asText();
        return javaType.substring(javaType.lastIndexOf('.') + 1);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}

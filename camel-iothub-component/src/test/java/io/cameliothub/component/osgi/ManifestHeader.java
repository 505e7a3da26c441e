package io.cameliothub.component.osgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clause of an OSGi manifest header such as Import-Package: a package name and its attributes and directives
 * ({@code version}, {@code resolution:}). Enough of the OSGi header syntax for the manifest checks: commas and
 * semicolons inside quotes do not split.
 */
record ManifestHeader(String name, Map<String, String> parameters) {

    static List<ManifestHeader> parse(String header) {
        List<ManifestHeader> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                int eq = part.indexOf('=');
                String key = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                parameters.put(key, value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
            }
            clauses.add(new ManifestHeader(parts.get(0).trim(), parameters));
        }
        return clauses;
    }

    String version() {
        return parameters.get("version");
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}

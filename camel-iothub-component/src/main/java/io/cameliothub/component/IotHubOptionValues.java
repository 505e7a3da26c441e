package io.cameliothub.component;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.util.TimeUtils;

/**
 * Checks the text of enum, number, duration and boolean options before Camel binds them, so that a wrong value gets
 * an error naming the option and what it takes (Camel's own binding error names neither the choices nor the format).
 * A value that passes is handed on trimmed (a whole number also without a leading {@code +}): a {@code +} in a URI
 * query decodes to a space, so {@code port=+8443} arrives as {@code " 8443"}, which Camel's converter turns into 0
 * for a number (a silent {@code qos=0}) or refuses with a bare NumberFormatException for a duration.
 * Secret options are all strings and never checked here, so no message below can show one.
 */
final class IotHubOptionValues {

    private static final IotHubEndpointConfigurer TYPES = new IotHubEndpointConfigurer();

    private IotHubOptionValues() {
    }

    /**
     * @throws IllegalArgumentException naming the first option whose value its type cannot take
     */
    static void check(Map<String, Object> parameters) {
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            if (!(p.getValue() instanceof String text) || text.startsWith("#") || text.contains("{{")) {
                continue; // a bean reference or a property placeholder: Camel resolves it first
            }
            Class<?> type = TYPES.getOptionType(p.getKey(), true);
            if (type != null && (type.isEnum() || type.isPrimitive() || type == Integer.class || type == Long.class
                                 || type == Boolean.class)) {
                p.setValue(check(p.getKey(), text.trim(), type));
            }
        }
    }

    /** @return the value as Camel should bind it */
    private static String check(String option, String value, Class<?> type) {
        if (type.isEnum()) {
            Object[] choices = type.getEnumConstants();
            // as leniently as Camel's enum converter: any case, dashes or underscores
            if (Arrays.stream(choices).noneMatch(c -> loose(((Enum<?>) c).name()).equals(loose(value)))) {
                throw new IllegalArgumentException(option + " '" + value + "' is not known: expected one of "
                        + Arrays.stream(choices).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")));
            }
        } else if (type == int.class || type == Integer.class) {
            try {
                return Integer.toString(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + value + "' is not a whole number");
            }
        } else if (type == long.class || type == Long.class) {
            try {
                if (value.toUpperCase(Locale.ROOT).matches("-?P.*")) {
                    Duration.parse(value); // ISO-8601, as Camel's Duration converter takes it
                } else if (!value.matches("-?\\d+")) { // a plain number is milliseconds; its range is checked later
                    TimeUtils.toMilliSeconds(value);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " '" + value + "' is not a duration: expected e.g. 30s, 500ms, "
                                                   + "1m30s, 1h, PT30S or a number of milliseconds");
            }
        } else if (type == boolean.class || type == Boolean.class) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(option + " '" + value + "' is not a boolean: expected true or false");
            }
        }
        return value;
    }

    private static String loose(String text) {
        return text.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}

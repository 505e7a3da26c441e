package io.cameliothub.component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;

/**
 * The gatewayDevices option: the devices a gateway endpoint connects when it starts, as "device" or "device/module"
 * entries, given comma-separated or as a registry bean (a Collection or array of entries, or a comma-separated String).
 */
final class IotHubGatewayDeviceList {

    static final String OPTION = "gatewayDevices";

    /** One listed device (moduleId null for a device). */
    record Entry(String deviceId, String moduleId) {
        String clientId() {
            return IotHubGatewaySettings.clientId(deviceId, moduleId);
        }
    }

    private IotHubGatewayDeviceList() {
    }

    /**
     * Turns a {@code #name} reference (or a Collection or array given through the Java DSL) in the endpoint's
     * parameters into the comma-separated text the option holds.
     */
    static void resolveReference(CamelContext context, Map<String, Object> parameters) {
        Object value = parameters.get(OPTION);
        if (value instanceof String text && text.startsWith("#")) {
            String name = text.startsWith("#bean:") ? text.substring(6) : text.substring(1);
            Object bean = context.getRegistry().lookupByName(name);
            if (bean == null) {
                throw new IllegalArgumentException(OPTION + " refers to bean '" + name + "', which is not in the "
                                                   + "registry");
            }
            parameters.put(OPTION, toText(bean, "bean '" + name + "'"));
        } else if (value != null && !(value instanceof String)) {
            parameters.put(OPTION, toText(value, "the value"));
        }
    }

    private static String toText(Object value, String what) {
        Collection<?> items;
        if (value instanceof String text) {
            return text;
        } else if (value instanceof Collection<?> c) {
            items = c;
        } else if (value instanceof Object[] array) {
            items = Arrays.asList(array);
        } else {
            throw new IllegalArgumentException(OPTION + ": " + what + " is a " + value.getClass().getName()
                                               + "; expected a Collection or array of device ids (device or "
                                               + "device/module), or a comma-separated String of them");
        }
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw new IllegalArgumentException(OPTION + ": " + what + " holds a "
                                                   + (item == null ? "null" : item.getClass().getName())
                                                   + "; expected device ids as Strings (device or device/module)");
            }
        }
        return items.stream().map(Object::toString).collect(Collectors.joining(","));
    }

    /**
     * The entries of the option's text, duplicates dropped, in order.
     *
     * @throws IllegalArgumentException naming the option and the entry that is not "device" or "device/module"
     */
    static List<Entry> parse(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        if (text.startsWith("#")) {
            throw new IllegalArgumentException(OPTION + " '" + text + "' refers to a bean: set it on the endpoint "
                                               + "(the component cannot look it up), or list the devices");
        }
        Set<Entry> entries = new LinkedHashSet<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.trim();
            String[] parts = item.split("/", -1);
            if (item.isEmpty() || parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                throw new IllegalArgumentException(OPTION + " has the entry '" + item + "': expected comma-separated "
                                                   + "device ids, device/module for a module");
            }
            entries.add(new Entry(parts[0].trim(), parts.length == 2 ? parts[1].trim() : null));
        }
        return new ArrayList<>(entries);
    }
}

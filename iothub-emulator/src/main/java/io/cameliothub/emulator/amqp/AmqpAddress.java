package io.cameliothub.emulator.amqp;

import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.Urls;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link address a device may attach to: the CBS node, or its own telemetry, cloud-to-device, twin or methods node
 * (an absolute {@code amqps://host/...} form too). Literal segments
 * match case-insensitively (as IoT Hub and IoT Edge do); device and module ids keep their case.
 */
record AmqpAddress(Kind kind, Identity identity) {

    enum Kind { CBS, EVENTS, DEVICEBOUND, TWIN, METHODS }

    static final String CBS = "$cbs";

    private static final Pattern DEVICE_NODE = Pattern.compile(
            "^(?:amqps?://[^/]+)?/devices/([^/]+)(?:/modules/([^/]+))?/(messages/events|messages/devicebound|twin"
                    + "|methods/devicebound)/?$",
            Pattern.CASE_INSENSITIVE);

    /** @return the parsed address, or null when the address names nothing this hub serves */
    static AmqpAddress parse(String address) {
        if (address == null) {
            return null;
        }
        if (address.equalsIgnoreCase(CBS)) {
            return new AmqpAddress(Kind.CBS, null);
        }
        Matcher m = DEVICE_NODE.matcher(address);
        if (!m.matches()) {
            return null;
        }
        try {
            String deviceId = Urls.decode(m.group(1));
            Identity identity = m.group(2) == null ? Identity.device(deviceId)
                    : Identity.module(deviceId, Urls.decode(m.group(2)));
            Kind kind = switch (m.group(3).toLowerCase(Locale.ROOT)) {
                case "messages/events" -> Kind.EVENTS;
                case "messages/devicebound" -> Kind.DEVICEBOUND;
                case "twin" -> Kind.TWIN;
                default -> Kind.METHODS;
            };
            return new AmqpAddress(kind, identity);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.D2cMessage;
import io.cameliothub.emulator.core.SystemProperties;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the {@code iothub-*} names a device uses over HTTPS (request headers of a single event, the {@code properties}
 * object of a batch entry) to the core's message model: {@code iothub-app-{name}} becomes application property
 * {@code name}, the known system names become system properties ({@code iothub-expiry} becomes
 * {@code absolute-expiry-time} in ISO 8601), and anything else is ignored (e.g. {@code iothub-to},
 * which every SDK request carries as routing information).
 */
final class D2cProperties {

    static final String APP_PREFIX = "iothub-app-";

    private static final Map<String, String> SYSTEM = Map.of(
            "iothub-messageid", SystemProperties.MESSAGE_ID,
            "iothub-correlationid", SystemProperties.CORRELATION_ID,
            "iothub-userid", SystemProperties.USER_ID,
            "iothub-contenttype", SystemProperties.CONTENT_TYPE,
            "iothub-contentencoding", SystemProperties.CONTENT_ENCODING,
            "iothub-creation-time-utc", SystemProperties.CREATION_TIME_UTC,
            "iothub-interface-id", SystemProperties.INTERFACE_ID);

    private D2cProperties() {
    }

    static void apply(String name, String value, D2cMessage.Builder message) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith(APP_PREFIX) && name.length() > APP_PREFIX.length()) {
            message.applicationProperty(name.substring(APP_PREFIX.length()), value);
            return;
        }
        if (lower.equals(ExpiryHeader.NAME)) {
            message.systemProperty(SystemProperties.ABSOLUTE_EXPIRY_TIME,
                    DateTimeFormatter.ISO_INSTANT.format(ExpiryHeader.parse(value)));
            return;
        }
        String system = SYSTEM.get(lower);
        if (system != null) {
            message.systemProperty(system, value);
        }
    }
}

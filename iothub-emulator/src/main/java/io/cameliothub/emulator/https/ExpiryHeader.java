package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code iothub-expiry} of a device-to-cloud message sent over HTTPS, in the forms the SDKs write it: ISO 8601 (the
 * .NET SDK's round-trip {@code "o"} format; without an offset it is UTC), RFC 1123, JavaScript's
 * {@code Date.toString()} (the Node SDK puts a {@code Date} in the header), the hub's own {@code M/d/yyyy h:mm:ss AM}, or
 * epoch milliseconds.
 */
final class ExpiryHeader {

    static final String NAME = "iothub-expiry";

    private static final DateTimeFormatter HUB = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final DateTimeFormatter JS = DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.US);

    private static final List<Function<String, Instant>> PARSERS = List.of(
            s -> OffsetDateTime.parse(s).toInstant(),
            s -> LocalDateTime.parse(s).toInstant(ZoneOffset.UTC),
            s -> ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
            s -> OffsetDateTime.parse(s.replaceFirst("\\s*\\(.*\\)$", ""), JS).toInstant(),
            s -> LocalDateTime.parse(s, HUB).toInstant(ZoneOffset.UTC),
            s -> Instant.ofEpochMilli(Long.parseLong(s)));

    private ExpiryHeader() {
    }

    /** @throws HubException 400004 naming the header when no form fits */
    static Instant parse(String value) {
        String v = value.trim();
        for (Function<String, Instant> parser : PARSERS) {
            try {
                return parser.apply(v);
            } catch (DateTimeParseException | NumberFormatException e) {
                // try the next form
            }
        }
        throw new HubException(IotHubError.ARGUMENT_INVALID, NAME + " '" + value + "' is not a time (ISO 8601, RFC 1123,"
                + " M/d/yyyy h:mm:ss AM or epoch milliseconds)");
    }
}

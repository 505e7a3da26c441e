package io.cameliothub.component;

import java.time.Instant;
import java.util.Calendar;
import java.util.Date;

import org.apache.camel.Exchange;

/**
 * The text an application property carries for a header value. Dates and calendars go as ISO-8601 instants in UTC
 * (2026-11-26T10:15:30.123Z), which every IoT Hub consumer can parse, rather than Date.toString()'s local form;
 * everything else as Camel's type converters write it.
 */
final class IotHubPropertyText {

    private IotHubPropertyText() {
    }

    static String of(Object value, Exchange exchange) {
        if (value instanceof Date date) {
            return Instant.ofEpochMilli(date.getTime()).toString(); // java.sql.Date has no toInstant()
        }
        if (value instanceof Calendar calendar) {
            return calendar.toInstant().toString();
        }
        return exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value);
    }
}

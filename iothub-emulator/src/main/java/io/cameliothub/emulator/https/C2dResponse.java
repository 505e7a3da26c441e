package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.LockedMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a locked C2D message as IoT Hub's 200 response: the body, {@code ETag: "<lock token>"} and lowercase
 * {@code iothub-*} headers (the C SDK matches them case-sensitively), the content type and encoding under both
 * {@code iothub-contenttype}/{@code iothub-contentencoding} and {@code ContentType}/{@code ContentEncoding}, and
 * {@code iothub-app-{name}} per application property. Times use the hub's {@code M/d/yyyy h:mm:ss AM} form.
 */
final class C2dResponse {

    private static final Logger LOG = LoggerFactory.getLogger(C2dResponse.class);
    private static final DateTimeFormatter HUB_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private C2dResponse() {
    }

    static void write(LockedMessage locked, HttpServerResponse response) {
        C2dMessage m = locked.message();
        response.setStatusCode(200);
        response.putHeader("ETag", "\"" + locked.lockToken() + "\"");
        put(response, "iothub-messageid", m.messageId());
        put(response, "iothub-correlationid", m.correlationId());
        put(response, "iothub-userid", m.userId());
        put(response, "iothub-to", locked.to());
        put(response, "iothub-sequencenumber", Long.toString(locked.sequenceNumber()));
        put(response, "iothub-deliverycount", Integer.toString(locked.deliveryCount()));
        put(response, "iothub-enqueuedtime", time(locked.enqueuedTime()));
        put(response, "iothub-expiry", time(locked.expiryTime()));
        if (m.ack() != AckMode.NONE) {
            put(response, "iothub-ack", m.ack().wireValue());
        }
        // the SDKs disagree: the Java SDK reads iothub-contenttype, the C SDK ContentType (case-sensitively): send both
        put(response, "iothub-contenttype", m.contentType());
        put(response, "iothub-contentencoding", m.contentEncoding());
        put(response, "ContentType", m.contentType());
        put(response, "ContentEncoding", m.contentEncoding());
        for (Map.Entry<String, String> p : m.properties().entrySet()) {
            String name = D2cProperties.APP_PREFIX + p.getKey();
            if (HeaderText.isToken(name) && HeaderText.isValue(p.getValue())) {
                response.putHeader(name, p.getValue());
            } else {
                LOG.info("{}: C2D property '{}' cannot travel as an HTTP header; left out", locked.identity(), p.getKey());
            }
        }
        response.end(Buffer.buffer(m.body()));
    }

    private static String time(Instant instant) {
        return instant == null ? null : HUB_TIME.format(instant);
    }

    private static void put(HttpServerResponse response, String name, String value) {
        if (value != null && HeaderText.isValue(value)) {
            response.putHeader(name, value);
        }
    }
}

package io.cameliothub.component;

import java.io.File;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.transport.IotHubMessage;
import org.apache.camel.Exchange;
import org.apache.camel.NoTypeConversionAvailableException;
import org.apache.camel.StreamCache;
import org.apache.camel.TypeConversionException;

/**
 * Turns a Camel body into the bytes of a device-to-cloud message. A body nothing can convert to bytes fails the
 * exchange with an error naming its type, instead of going out as an empty message; so does a null body, unless
 * allowEmptyBody is set. With bodyFormat=JSON, Maps, POJOs and JsonNodes are written as JSON and the message is
 * labelled application/json, utf-8 (unless the route chose a content type or encoding itself).
 */
final class IotHubBodyConverter {

    static final String JSON_CONTENT_TYPE = "application/json";
    static final String JSON_CONTENT_ENCODING = "utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IotHubBodyFormat format;
    private final boolean allowEmptyBody;

    IotHubBodyConverter(IotHubBodyFormat format, boolean allowEmptyBody) {
        this.format = format == null ? IotHubBodyFormat.BYTES : format;
        this.allowEmptyBody = allowEmptyBody;
    }

    static IotHubBodyConverter of(IotHubConfiguration configuration) {
        return new IotHubBodyConverter(configuration.getBodyFormat(), configuration.isAllowEmptyBody());
    }

    /** Sets the message's body from the Camel body; for JSON also its content type and encoding when unset. */
    void apply(Object body, Exchange exchange, IotHubMessage message) {
        message.setBody(toBytes(body, exchange));
        if (format == IotHubBodyFormat.JSON) {
            if (message.getContentType() == null) {
                message.setContentType(JSON_CONTENT_TYPE);
            }
            if (message.getContentEncoding() == null) {
                message.setContentEncoding(JSON_CONTENT_ENCODING);
            }
        }
    }

    byte[] toBytes(Object body, Exchange exchange) {
        if (body == null) {
            if (allowEmptyBody) {
                return new byte[0];
            }
            throw new IllegalArgumentException("The message body is null, so IoT Hub would get an empty message: set a "
                                               + "body, or set allowEmptyBody=true to send empty messages");
        }
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (format == IotHubBodyFormat.JSON && !isText(body)) {
            return json(body);
        }
        try {
            return exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body);
        } catch (NoTypeConversionAvailableException | TypeConversionException e) {
            throw new IllegalArgumentException("The message body of type " + body.getClass().getName()
                                               + " cannot be sent: Camel has no type converter from it to byte[]. "
                                               + "Marshal it in the route (e.g. marshal().json()), or set "
                                               + "bodyFormat=JSON to send Maps, POJOs and JsonNodes as JSON", e);
        }
    }

    /** Bodies that already are a message's bytes or text; bodyFormat=JSON sends them as they are. */
    private static boolean isText(Object body) {
        return body instanceof CharSequence || body instanceof InputStream || body instanceof Reader
               || body instanceof ByteBuffer || body instanceof StreamCache || body instanceof File;
    }

    private static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The message body of type " + body.getClass().getName()
                                               + " cannot be written as JSON (bodyFormat=JSON): "
                                               + e.getOriginalMessage(), e);
        }
    }
}

package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a cap, whether or not {@code Content-Length} is given (chunked bodies are counted as they
 * arrive): past the cap it fails with 413001 at once and keeps nothing more, so no body of any size fills the heap.
 */
public final class BodyLimiter {

    /** Room for the JSON, base64 and property overhead of a batch around IoT Hub's 256 KB. */
    static final int BATCH_OVERHEAD = 64 * 1024;
    /** Receive, complete, reject and abandon carry no body worth the name. */
    static final int CONTROL_MAX = 16 * 1024;

    private BodyLimiter() {
    }

    /** The body up to {@code max} bytes; past it the future fails with a 413001 {@link HubException}. */
    public static Future<Buffer> read(HttpServerRequest req, int max) {
        String contentLength = req.getHeader("content-length");
        long declared = parseLong(contentLength);
        if (declared > max) {
            return Future.failedFuture(tooLarge("request body of " + declared + " bytes", max));
        }
        Promise<Buffer> result = Promise.promise();
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        req.handler(chunk -> {
            if (result.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                result.tryFail(tooLarge("request body of more than " + max + " bytes", max));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> result.tryComplete(body));
        req.exceptionHandler(result::tryFail);
        return result.future();
    }

    private static HubException tooLarge(String what, int max) {
        return new HubException(IotHubError.MESSAGE_TOO_LARGE, what + " exceeds the " + max + " bytes this request may carry");
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

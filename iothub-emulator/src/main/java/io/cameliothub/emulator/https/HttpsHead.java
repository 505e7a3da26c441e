package io.cameliothub.emulator.https;

import io.cameliothub.emulator.core.AuthResult;
import io.cameliothub.emulator.core.C2dQueue;
import io.cameliothub.emulator.core.D2cMessage;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.tls.ClientCertificates;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device REST API on the HTTPS port: send event (single or batch), receive a C2D message (peek-lock), and
 * complete, reject or abandon it by lock token. Every request needs {@code api-version} and a SAS token for the
 * identity its path names, or no token and a TLS client certificate that authenticates that identity; refusals carry
 * IoT Hub's status and error code. HTTPS is connectionless, so nothing is registered as a live connection; telemetry
 * is logged with protocol HTTPS.
 */
public final class HttpsHead implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsHead.class);

    private final HubCore core;

    public HttpsHead(HubCore core) {
        this.core = core;
    }

    @Override
    public void handle(HttpServerRequest req) {
        Optional<DeviceRequest> parsed = DeviceRequest.parse(req.path());
        if (parsed.isEmpty()) {
            closingIfUnread(req).setStatusCode(404).putHeader("content-type", "application/json")
                    .end("{\"Message\":\"ErrorCode:NotFound;" + req.method() + " " + req.path()
                            + " is not part of the device API\",\"ExceptionMessage\":\"\"}");
            closeIfUnread(req);
            return;
        }
        DeviceRequest request = parsed.get();
        if (!allowed(request.operation(), req.method())) {
            closingIfUnread(req).setStatusCode(405).end();
            closeIfUnread(req);
            return;
        }
        if (HttpsFaults.dropped(core.faults(), req)) {
            return;
        }
        AuthResult auth;
        try {
            if (core.faults().refusingConnections()) {
                throw new HubException(IotHubError.SERVICE_UNAVAILABLE, "the hub refuses requests for now (fault)");
            }
            // credentials before the body: an unauthenticated body is never read
            auth = authenticate(req, request);
        } catch (HubException e) {
            fail(req, e);
            return;
        }
        int maxBody = request.operation() == DeviceRequest.Operation.SEND_EVENT
                ? core.limits().d2cMaxSize() + BodyLimiter.BATCH_OVERHEAD : BodyLimiter.CONTROL_MAX;
        BodyLimiter.read(req, maxBody).onSuccess(body -> {
            try {
                serve(req, request, auth, body);
            } catch (HubException e) {
                fail(req, e);
            } catch (RuntimeException e) {
                LOG.warn("HTTPS {} {} failed", req.method(), req.path(), e);
                fail(req, new HubException(IotHubError.SERVER_ERROR, "internal error"));
            }
        }).onFailure(e -> {
            if (e instanceof HubException refused) {
                fail(req, refused);
            } else {
                LOG.debug("HTTPS request body not read: {}", e.toString());
            }
        });
    }

    private AuthResult authenticate(HttpServerRequest req, DeviceRequest request) {
        String apiVersion = req.getParam("api-version");
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "api-version is required");
        }
        String token = req.getHeader("authorization");
        AuthResult auth;
        if (token != null && !token.isBlank()) {
            auth = core.authenticate(token, request.identity());
        } else {
            List<X509Certificate> chain = ClientCertificates.of(req.connection().sslSession());
            if (chain.isEmpty()) {
                throw new HubException(IotHubError.UNAUTHORIZED_ACCESS, "no Authorization header nor client certificate");
            }
            auth = core.authenticate(chain, request.identity());
        }
        return auth;
    }

    private void serve(HttpServerRequest req, DeviceRequest request, AuthResult auth, Buffer body) {
        switch (request.operation()) {
            case SEND_EVENT -> sendEvent(req, auth, body);
            case RECEIVE -> receive(req, auth);
            case SETTLE -> settle(req, auth, request.lockToken(), RejectQuery.isReject(req.query()));
            case ABANDON -> abandon(req, auth, request.lockToken());
        }
    }

    private void sendEvent(HttpServerRequest req, AuthResult auth, Buffer body) {
        if (BatchBody.isBatch(req.getHeader("content-type"))) {
            if (body.length() > core.limits().d2cMaxSize()) {
                throw new HubException(IotHubError.MESSAGE_TOO_LARGE, "batch of " + body.length() + " bytes exceeds "
                        + core.limits().d2cMaxSize());
            }
            List<D2cMessage> messages;
            try {
                messages = BatchBody.decode(body);
            } catch (IllegalArgumentException e) {
                throw new HubException(IotHubError.ARGUMENT_INVALID, e.getMessage());
            }
            if (core.faults().throttling()) {
                throw new HubException(IotHubError.THROTTLING_EXCEPTION, "telemetry throttled");
            }
            for (D2cMessage m : messages) {
                if (m.size() > core.limits().d2cMaxSize()) {
                    throw new HubException(IotHubError.MESSAGE_TOO_LARGE, "a batch entry exceeds "
                            + core.limits().d2cMaxSize() + " bytes");
                }
            }
            messages.forEach(m -> core.acceptTelemetry(auth, m, Protocol.HTTPS));
        } else {
            D2cMessage.Builder message = D2cMessage.builder().body(body.getBytes());
            for (Map.Entry<String, String> h : req.headers()) {
                D2cProperties.apply(h.getKey(), h.getValue(), message);
            }
            core.acceptTelemetry(auth, message.build(), Protocol.HTTPS);
        }
        HttpsFaults.acknowledge(core.faults(), req);
    }

    private void receive(HttpServerRequest req, AuthResult auth) {
        throttled();
        C2dQueue queue = core.c2dQueue(auth.identity());
        Optional<LockedMessage> locked = queue.receive();
        if (locked.isEmpty()) {
            req.response().setStatusCode(204).end();
            return;
        }
        C2dResponse.write(locked.get(), req.response());
    }

    private void settle(HttpServerRequest req, AuthResult auth, String lockToken, boolean reject) {
        throttled();
        C2dQueue queue = core.c2dQueue(auth.identity());
        if (reject) {
            queue.reject(lockToken);
        } else {
            queue.complete(lockToken);
        }
        req.response().setStatusCode(204).end();
    }

    private void abandon(HttpServerRequest req, AuthResult auth, String lockToken) {
        throttled();
        core.c2dQueue(auth.identity()).abandon(lockToken);
        req.response().setStatusCode(204).end();
    }

    private void throttled() {
        if (core.faults().throttling()) {
            throw new HubException(IotHubError.THROTTLING_EXCEPTION, "requests throttled");
        }
    }

    private void fail(HttpServerRequest req, HubException e) {
        LOG.info("HTTPS {} {}: {}", req.method(), req.path(), e.getMessage());
        if (e.status() == 429 || e.status() == 503) {
            req.response().putHeader("Retry-After", String.valueOf(core.faults().retryAfterSeconds()));
        }
        ErrorResponse.send(closingIfUnread(req), e.error(), e.getMessage(), core.clock().instant());
        closeIfUnread(req);
    }

    /** The response, saying {@code Connection: close} when it goes out before the request's body was read. */
    private static HttpServerResponse closingIfUnread(HttpServerRequest req) {
        return req.isEnded() ? req.response() : req.response().putHeader("Connection", "close");
    }

    /** An answer given before the body was read ends the connection: it cannot carry another request. */
    private static void closeIfUnread(HttpServerRequest req) {
        if (!req.isEnded()) {
            req.connection().close();
        }
    }

    private static boolean allowed(DeviceRequest.Operation operation, HttpMethod method) {
        return switch (operation) {
            case SEND_EVENT, ABANDON -> method == HttpMethod.POST;
            case RECEIVE -> method == HttpMethod.GET;
            case SETTLE -> method == HttpMethod.DELETE;
        };
    }
}

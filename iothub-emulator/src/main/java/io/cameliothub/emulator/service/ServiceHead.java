package io.cameliothub.emulator.service;

import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ServiceAuth;
import io.cameliothub.emulator.https.BodyLimiter;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's service REST API on the HTTPS port: finds the route for the request (requests no route's path matches go to
 * the fallback, the device REST API), requires {@code api-version}, authenticates the shared access policy token in
 * {@code Authorization} and checks the route's right before reading a byte of the body (capped at 1 MB), and turns the handler's reply or refusal into IoT Hub's response.
 */
public final class ServiceHead implements Handler<HttpServerRequest> {

    /** Larger bodies are refused before they are read. */
    static final int MAX_REQUEST_BODY = 1024 * 1024;

    /** {@code 2021-04-12}, {@code 2020-09-30-preview}, ... */
    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-[A-Za-z0-9]+)?");

    private static final Logger LOG = LoggerFactory.getLogger(ServiceHead.class);

    private final HubCore core;
    private final ServiceRoutes routes;
    private final Handler<HttpServerRequest> fallback;

    public ServiceHead(HubCore core, ServiceRoutes routes, Handler<HttpServerRequest> fallback) {
        this.core = core;
        this.routes = routes;
        this.fallback = fallback;
    }

    @Override
    public void handle(HttpServerRequest req) {
        HttpMethod method = effectiveMethod(req);
        Optional<ServiceRoutes.Match> match = routes.match(method, req.path());
        if (match.isEmpty()) {
            fallback.handle(req);
            return;
        }
        ServiceRoutes.Match m = match.get();
        if (m.route() == null) {
            String allow = m.allowed().stream().map(HttpMethod::name).distinct().collect(Collectors.joining(", "));
            req.response().putHeader("Allow", allow);
            fail(req, 405, "MethodNotAllowed", method + " is not allowed on " + req.path() + "; allowed: " + allow);
            return;
        }
        ServiceAuth auth;
        try {
            // credentials before the body: an unauthenticated body is never read
            auth = authenticate(req, m.route());
        } catch (HubException e) {
            fail(req, e);
            return;
        }
        Context context = Vertx.currentContext();
        BodyLimiter.read(req, MAX_REQUEST_BODY).onSuccess(body -> {
            try {
                serve(req, method, m, auth, body, context);
            } catch (HubException e) {
                fail(req, e);
            } catch (RuntimeException e) {
                LOG.warn("service API {} {} failed", method, req.path(), e);
                fail(req, new HubException(IotHubError.SERVER_ERROR, "internal error"));
            }
        }).onFailure(e -> {
            if (e instanceof HubException refused) {
                fail(req, refused);
            } else {
                LOG.debug("service API request body not read: {}", e.toString());
            }
        });
    }

    private ServiceAuth authenticate(HttpServerRequest req, ServiceRoutes.Route route) {
        String apiVersion = req.getParam("api-version");
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "the query parameter api-version is required, e.g. "
                    + "api-version=2021-04-12");
        }
        if (!API_VERSION.matcher(apiVersion.trim()).matches()) {
            throw new HubException(IotHubError.ARGUMENT_INVALID, "api-version '" + apiVersion
                    + "' is not a version such as 2021-04-12");
        }
        String token = req.getHeader("Authorization");
        if (token == null || token.isBlank()) {
            throw new HubException(IotHubError.UNAUTHORIZED_ACCESS, "no Authorization header with a SharedAccessSignature");
        }
        ServiceAuth auth = core.authenticateService(token.trim(), req.path().substring(1));
        auth.require(route.right());
        return auth;
    }

    private void serve(HttpServerRequest req, HttpMethod method, ServiceRoutes.Match m, ServiceAuth auth, Buffer body,
                       Context context) {
        ServiceRequest request = new ServiceRequest(method, req.path(), m.params(), req.params(), req.headers(), body,
                auth);
        CompletionStage<ServiceReply> reply = m.route().handler().handle(request);
        reply.whenComplete((r, e) -> context.runOnContext(v -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof HubException he) {
                    fail(req, he);
                } else {
                    LOG.warn("service API {} {} failed", method, req.path(), cause);
                    fail(req, new HubException(IotHubError.SERVER_ERROR, "internal error"));
                }
            } else {
                write(req.response(), r);
            }
        }));
    }

    private static void write(HttpServerResponse response, ServiceReply reply) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status());
        for (Map.Entry<String, String> h : reply.headers().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader("content-type", "application/json; charset=utf-8").end(reply.body());
        }
    }

    private void fail(HttpServerRequest req, HubException e) {
        LOG.info("service API {} {}: {}", req.method(), req.path(), e.getMessage());
        ServiceErrors.send(closingIfUnread(req), e.error(), e.getMessage(), core.clock().instant());
        closeIfUnread(req);
    }

    private static void fail(HttpServerRequest req, int status, String name, String message) {
        LOG.info("service API {} {}: {} {}", req.method(), req.path(), status, message);
        closingIfUnread(req).setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new io.vertx.core.json.JsonObject().put("Message", "ErrorCode:" + name + ";" + message)
                        .put("ExceptionMessage", "").encode());
        closeIfUnread(req);
    }

    /** An answer given before the body was read says {@code Connection: close}: it cannot carry another request. */
    private static HttpServerResponse closingIfUnread(HttpServerRequest req) {
        return req.isEnded() ? req.response() : req.response().putHeader("Connection", "close");
    }

    private static void closeIfUnread(HttpServerRequest req) {
        if (!req.isEnded()) {
            req.connection().close();
        }
    }

    /** The Java service SDK sends PATCH as POST with {@code X-HTTP-Method-Override: PATCH}. */
    static HttpMethod effectiveMethod(HttpServerRequest req) {
        String override = req.getHeader("X-HTTP-Method-Override");
        if (override != null && !override.isBlank() && req.method() == HttpMethod.POST) {
            return HttpMethod.valueOf(override.trim().toUpperCase(java.util.Locale.ROOT));
        }
        return req.method();
    }
}

package io.cameliothub.component.transport.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.twin.DesiredPropertiesTracker;
import io.cameliothub.component.transport.internal.twin.DesiredUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The twin and direct-method side of a {@link DeviceSession}: requests with their deadlines, the desired-properties
 * resync after every connect (so no change is missed while the device was away), desired changes delivered once and
 * in order, and method calls answered on the connection that delivered them.
 */
final class TwinMethodsSession {

    private static final Logger LOG = LoggerFactory.getLogger(TwinMethodsSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RESYNC_RETRY_MILLIS = 2_000;

    private final TransportSettings settings;
    private final TransportResources resources;
    private DesiredHandler desiredHandler;
    private DesiredPropertiesTracker tracker;
    private MethodHandler methodHandler;
    private long methodTimeoutMillis;
    /** Desired changes run one after the other, in version order. */
    private CompletableFuture<Void> desiredChain = CompletableFuture.completedFuture(null);

    TwinMethodsSession(TransportSettings settings, TransportResources resources) {
        this.settings = settings;
        this.resources = resources;
    }

    synchronized void desired(DesiredHandler handler, DesiredPropertiesTracker tracker) {
        if (desiredHandler != null) {
            throw new IllegalStateException("Device " + settings.clientId() + " already has a desired-properties consumer");
        }
        this.desiredHandler = handler;
        this.tracker = tracker;
    }

    synchronized void methods(MethodHandler handler, java.time.Duration timeout) {
        this.methodTimeoutMillis = timeout.toMillis();
        if (methodHandler != null) {
            throw new IllegalStateException("Device " + settings.clientId() + " already has a direct-methods consumer");
        }
        this.methodHandler = handler;
    }

    /** The desired-properties consumer left; a change already on its way is still delivered to it. */
    synchronized void stopDesired() {
        desiredHandler = null;
        tracker = null;
    }

    /** The methods consumer left: calls that still arrive are answered 501 (IoT Hub's 404103 once unsubscribed). */
    synchronized void stopMethods() {
        methodHandler = null;
    }

    synchronized boolean wantsDesired() {
        return desiredHandler != null;
    }

    /** A twin request on the connection, failed when the hub refuses it or gives no answer within the send timeout. */
    CompletableFuture<TwinReply> request(DeviceWire.Connection c, TwinRequest request) {
        String what = request.isGet() ? "twin read" : "reported-properties update";
        if (c == null) {
            return CompletableFuture.failedFuture(new IotHubException("Device " + settings.clientId()
                    + " is not connected to IoT Hub: the " + what + " was not sent", null, true));
        }
        CompletableFuture<TwinReply> answer = new CompletableFuture<>();
        long timeout = settings.options().sendTimeout().toMillis();
        CompletableFuture<TwinReply> onWire = c.twin(request);
        // failing the wire's future (not only ours) takes the request out of the wire's pending requests
        ScheduledFuture<?> deadline = schedule(timeout, () -> onWire.completeExceptionally(new IotHubException(
                "IoT Hub did not answer the " + what + " of " + settings.clientId() + " within " + timeout + " ms",
                null, true)));
        onWire.whenComplete((reply, error) -> {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (error != null) {
                answer.completeExceptionally(Errors.unwrap(error));
            } else if (reply.status() >= 300) {
                answer.completeExceptionally(refused(what, reply));
            } else {
                answer.complete(reply);
            }
        });
        return answer.whenCompleteAsync((r, e) -> { }, resources.completions());
    }

    /**
     * After every connect: read the twin, and hand over what changed while the device was away. Completes once the
     * first read was handled (or failed and will be tried again), so a change made later is a notification.
     */
    CompletableFuture<Void> connected(DeviceWire.Connection c,
                                      java.util.function.Supplier<DeviceWire.Connection> current) {
        if (!wantsDesired()) {
            return CompletableFuture.completedFuture(null);
        }
        return request(c, TwinRequest.get()).handle((reply, error) -> {
            if (error != null) {
                LOG.warn("{}: reading the twin after connecting failed ({}); trying again in {} ms", settings,
                        error.getMessage(), RESYNC_RETRY_MILLIS);
                schedule(RESYNC_RETRY_MILLIS, () -> {
                    if (current.get() == c) {
                        connected(c, current);
                    }
                });
                return null;
            }
            JsonNode desired = parse(reply.body()).path("desired");
            DesiredUpdate update;
            synchronized (this) {
                update = tracker == null ? null : tracker.onFullRead(desired); // null: the consumer left
            }
            if (update != null) {
                deliver(update);
            }
            return null;
        });
    }

    void onDesired(byte[] patch, DeviceWire.Connection c, java.util.function.Supplier<DeviceWire.Connection> current) {
        DesiredPropertiesTracker.Outcome outcome;
        synchronized (this) {
            if (tracker == null) {
                return;
            }
            outcome = tracker.onNotification(parse(patch));
        }
        if (outcome.update() != null) {
            deliver(outcome.update());
        }
        if (outcome.resyncNeeded()) {
            connected(c, current);
        }
    }

    void onInvoked(DeviceWire.Connection c, MethodInvocation invocation) {
        MethodHandler handler;
        synchronized (this) {
            handler = methodHandler;
        }
        if (handler == null) {
            c.respond(invocation, new MethodResult(501, error("NotImplemented",
                    "no route answers methods on " + settings.clientId())));
            return;
        }
        try {
            resources.completions().execute(() -> answer(c, invocation, handler));
        } catch (RejectedExecutionException e) {
            c.respond(invocation, new MethodResult(503, error("ServiceUnavailable", "the device is stopping")));
        }
    }

    private void answer(DeviceWire.Connection c, MethodInvocation invocation, MethodHandler handler) {
        CompletableFuture<MethodResult> result = new CompletableFuture<>();
        long timeout;
        synchronized (this) {
            timeout = methodTimeoutMillis;
        }
        ScheduledFuture<?> deadline = schedule(timeout, () -> result.complete(new MethodResult(504, error("Timeout",
                "the device did not answer " + invocation.name() + " within " + timeout + " ms"))));
        try {
            handler.invoke(invocation).whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(r);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        result.whenComplete((r, e) -> {
            if (deadline != null) {
                deadline.cancel(false);
            }
            MethodResult answer = e == null && r != null ? r
                    : new MethodResult(500, error(e == null ? "NoResult" : Errors.unwrap(e).getClass().getSimpleName(),
                    "the method " + invocation.name() + " failed"));
            c.respond(invocation, answer).whenComplete((ok, failed) -> {
                if (failed != null) {
                    LOG.warn("{}: the answer to method {} could not be sent: {}", settings, invocation.name(),
                            failed.getMessage());
                }
            });
        });
    }

    private void deliver(DesiredUpdate update) {
        DesiredHandler handler;
        synchronized (this) {
            handler = desiredHandler;
            if (handler == null) {
                return;
            }
            desiredChain = desiredChain.handle((ok, e) -> null)
                    .thenRunAsync(() -> handler.onDesired(update), resources.completions());
        }
    }

    private IotHubException refused(String what, TwinReply reply) {
        JsonNode body = parse(reply.body());
        String code = body.path("errorCode").isMissingNode() ? String.valueOf(reply.status())
                : body.path("errorCode").asText();
        String message = body.path("message").asText("");
        boolean retryable = reply.status() == 429 || reply.status() >= 500;
        return new IotHubException("IoT Hub refused the " + what + " of " + settings.clientId() + " with status "
                                   + reply.status() + (message.isEmpty() ? "" : ": " + message), code, retryable);
    }

    private ScheduledFuture<?> schedule(long delayMillis, Runnable task) {
        try {
            return resources.scheduler().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message).toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}

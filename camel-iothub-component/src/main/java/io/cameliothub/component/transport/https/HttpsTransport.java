package io.cameliothub.component.transport.https;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.IotHubSettings;
import io.cameliothub.component.transport.Backoff;
import io.cameliothub.component.transport.C2dDelivery;
import io.cameliothub.component.transport.C2dHandler;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.C2dPoller;
import io.cameliothub.component.transport.ConnectionState;
import io.cameliothub.component.transport.D2cBatchSender;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.IotHubTransport;
import io.cameliothub.component.transport.SendQueue;
import io.cameliothub.component.transport.TransportOptions;
import io.cameliothub.component.transport.TransportState;
import io.cameliothub.component.transport.proxy.ProxiedHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device REST API over {@link HttpClient} (HTTP/1.1 over TLS; the client keeps connections alive and reuses
 * them). Every request carries a SAS token minted for it. There is no connection to open: {@link #open()} checks the
 * credentials with a request that changes nothing (completing an unknown lock token, which the hub answers with 412
 * when the device is accepted), so refused credentials fail at route start as on the other wires. The state follows
 * the outcomes of requests: CONNECTED after a success, RECONNECTING while the hub cannot be reached, FAILED after a
 * refusal.
 */
public final class HttpsTransport implements IotHubTransport, C2dPoller, D2cBatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsTransport.class);

    private final IotHubSettings settings;
    private final TransportOptions options;
    private final ScheduledExecutorService scheduler;
    private final HttpsPaths paths;
    private final HttpsCaller caller;
    private final Backoff backoff;
    private final TransportState state;
    private final SendQueue sendQueue;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final Object lock = new Object();
    private ScheduledFuture<?> timer;
    private int attempt;
    private boolean started;
    private boolean closed;

    public HttpsTransport(IotHubSettings settings, SSLContext sslContext, ScheduledExecutorService scheduler,
                          Clock clock) {
        this.settings = settings;
        this.options = settings.transportOptions();
        this.scheduler = scheduler;
        this.paths = new HttpsPaths(settings);
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        this.state = new TransportState(settings.clientId() + "@" + settings.hostName() + " (HTTPS)");
        HttpClient client = ProxiedHttpClients.through(HttpClient.newBuilder(), settings.proxy())
                .sslContext(sslContext)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        this.caller = new HttpsCaller(client, settings.credentials(), scheduler, clock, backoff, new HttpsCaller.Observer() {
            @Override
            public void succeeded() {
                state.set(ConnectionState.CONNECTED, null);
            }

            @Override
            public void refused(HttpsHubException e) {
                state.set(ConnectionState.FAILED, e);
            }

            @Override
            public void unreachable(IotHubException e) {
                state.set(ConnectionState.RECONNECTING, e);
            }
        });
        this.sendQueue = new SendQueue(options, scheduler, this::post);
    }

    @Override
    public CompletableFuture<Void> open() {
        synchronized (lock) {
            if (!started && !closed) {
                started = true;
                state.set(ConnectionState.CONNECTING, null);
                scheduler.execute(this::checkCredentials);
            }
        }
        return opened;
    }

    private void checkCredentials() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        String lockToken = UUID.randomUUID().toString();
        caller.call(() -> request(paths.complete(lockToken)).DELETE(), "a credentials check (DELETE "
                                                                      + paths.deviceBoundPath() + "/{unknown lock token})",
                settings.connectTimeout())
                .whenComplete((ok, error) -> {
                    Throwable cause = unwrap(error);
                    if (cause == null || cause instanceof HttpsHubException h && h.getStatusCode() == 412) {
                        accepted();
                    } else if (cause instanceof HttpsHubException h && isRefusal(h)) {
                        fail(new IotHubException("IoT Hub refused device " + settings.clientId() + " on "
                                                 + settings.hostName() + ": " + h.getMessage(),
                                h.getErrorCode(), false, h));
                    } else if (cause instanceof IotHubException e && e.isRetryable()) {
                        retryCheckLater(e);
                    } else {
                        fail(cause instanceof IotHubException e ? e
                                : new IotHubException("Cannot check the credentials of " + settings.clientId() + ": "
                                                      + HttpsCaller.describe(cause), null, false, cause));
                    }
                });
    }

    private static boolean isRefusal(HttpsHubException e) {
        int status = e.getStatusCode();
        return status == 401 || status == 403 || status == 404;
    }

    private void accepted() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            attempt = 0;
        }
        state.set(ConnectionState.CONNECTED, null);
        sendQueue.open();
        opened.complete(null);
    }

    private void retryCheckLater(IotHubException cause) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Duration delay = backoff.delay(attempt++);
            timer = scheduler.schedule(this::checkCredentials, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        state.set(ConnectionState.RECONNECTING, cause);
    }

    private void fail(IotHubException cause) {
        state.set(ConnectionState.FAILED, cause);
        sendQueue.failWaiting(cause);
        opened.completeExceptionally(cause);
    }

    // ---- device-to-cloud ----

    @Override
    public CompletableFuture<Void> send(IotHubMessage message) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        return sendQueue.submit(message);
    }

    private void post(SendQueue.Pending pending) {
        postSingle(pending.message()).whenComplete((ok, error) -> {
            if (error == null) {
                sendQueue.acknowledged(pending);
            } else {
                sendQueue.failed(pending, unwrap(error));
            }
        });
    }

    private CompletableFuture<Void> postSingle(IotHubMessage message) {
        Map<String, String> headers = HttpsMessageHeaders.of(message);
        try {
            HttpsMessageHeaders.checkHeaderSafe(headers);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return caller.call(() -> {
            HttpRequest.Builder b = request(paths.events())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(message.getBody()))
                    .header("content-type", "application/octet-stream");
            headers.forEach(b::header);
            return b;
        }, "POST " + paths.eventsPath(), options.sendTimeout()).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> sendBatch(List<IotHubMessage> messages) {
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        List<HttpsBatchPlan.Part> parts;
        try {
            parts = HttpsBatchPlan.plan(messages, HttpsBatchPlan.MAX_BATCH_BODY);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        LOG.debug("{}: sending {} messages in {} requests", settings.clientId(), messages.size(), parts.size());
        CompletableFuture<Void> result = new CompletableFuture<>();
        sendParts(parts, 0, 0, messages.size(), result);
        return result;
    }

    private void sendParts(List<HttpsBatchPlan.Part> parts, int index, int accepted, int total,
                           CompletableFuture<Void> result) {
        if (index == parts.size()) {
            result.complete(null);
            return;
        }
        HttpsBatchPlan.Part part = parts.get(index);
        CompletableFuture<Void> sent = part instanceof HttpsBatchPlan.Batch batch
                ? caller.call(() -> request(paths.events())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                        .header("content-type", HttpsBatchPlan.CONTENT_TYPE),
                        "POST " + paths.eventsPath() + " (batch of " + batch.messages().size() + ")",
                        options.sendTimeout()).thenApply(r -> null)
                : postSingle(((HttpsBatchPlan.Single) part).message());
        sent.whenComplete((ok, error) -> {
            if (error == null) {
                sendParts(parts, index + 1, accepted + part.messages().size(), total, result);
                return;
            }
            Throwable cause = unwrap(error);
            String text = "IoT Hub accepted " + accepted + " of the " + total + " messages, then request " + (index + 1)
                          + " of " + parts.size() + " failed: " + cause.getMessage();
            if (cause instanceof HttpsHubException h) {
                HttpsHubException e = new HttpsHubException(text, h.getStatusCode(), h.getErrorCode(), h.isRetryable());
                e.initCause(h);
                result.completeExceptionally(e);
            } else if (cause instanceof IotHubException e) {
                result.completeExceptionally(new IotHubException(text, e.getErrorCode(), e.isRetryable(), e));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    // ---- cloud-to-device ----

    @Override
    public CompletableFuture<Optional<C2dDelivery>> receive() {
        if (isClosed()) {
            return CompletableFuture.failedFuture(closedException());
        }
        return caller.call(() -> request(paths.deviceBound()).GET(), "GET " + paths.deviceBoundPath(),
                options.sendTimeout()).thenApply(this::delivery);
    }

    private Optional<C2dDelivery> delivery(HttpResponse<byte[]> response) {
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        IotHubMessage message = HttpsC2dDecoder.decode(response);
        return Optional.of(new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return message;
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                return HttpsTransport.this.settle(message.getLockToken(), outcome);
            }
        });
    }

    private CompletableFuture<Void> settle(String lockToken, C2dOutcome outcome) {
        return switch (outcome) {
            case COMPLETE -> caller.call(() -> request(paths.complete(lockToken)).DELETE().header("If-Match", lockToken),
                    "complete (DELETE " + paths.deviceBoundPath() + "/{lockToken})", options.sendTimeout())
                    .thenApply(r -> null);
            case REJECT -> caller.call(() -> request(paths.reject(lockToken)).DELETE().header("If-Match", lockToken),
                    "reject (DELETE " + paths.deviceBoundPath() + "/{lockToken}?reject)", options.sendTimeout())
                    .thenApply(r -> null);
            case ABANDON -> caller.call(() -> request(paths.abandon(lockToken))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).header("If-Match", lockToken),
                    "abandon (POST " + paths.deviceBoundPath() + "/{lockToken}/abandon)", options.sendTimeout())
                    .thenApply(r -> null);
        };
    }

    @Override
    public CompletableFuture<Void> subscribe(C2dHandler handler) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "IoT Hub does not push cloud-to-device messages over HTTPS: the iothub consumer polls for them"));
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
        return CompletableFuture.completedFuture(null);
    }

    // ---- common ----

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("iothub-to", uri.getRawPath());
    }

    @Override
    public TransportState status() {
        return state;
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private IotHubException closedException() {
        return new IotHubException("The transport of " + settings.clientId() + " was closed", null, false);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.cancel(false);
            }
        }
        IotHubException cause = closedException();
        sendQueue.failAll(cause);
        state.set(ConnectionState.CLOSED, null);
        opened.completeExceptionally(cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

package io.cameliothub.component.transport.internal.https;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.HttpsHubException;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.Backoff;
import io.cameliothub.component.transport.internal.C2dDelivery;
import io.cameliothub.component.transport.internal.C2dPoller;
import io.cameliothub.component.transport.internal.Channel;
import io.cameliothub.component.transport.internal.D2cBatchSender;
import io.cameliothub.component.transport.internal.DeviceWire;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.TransportOptions;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.TransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device REST API over the component's shared {@link HttpClient} for the device's TLS context (HTTP/1.1; the
 * client keeps connections alive and reuses them). Every request carries a SAS token minted for it. There is no
 * connection to open: connecting checks the credentials with a request that changes nothing (completing an unknown
 * lock token, which the hub answers with 412 when the device is accepted), so refused credentials fail at route start
 * as on the other wires. Afterwards the session's state follows the outcomes of requests (CONNECTED after a success,
 * RECONNECTING while the hub cannot be reached or refuses the device).
 */
final class HttpsWire implements DeviceWire, C2dPoller, D2cBatchSender {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsWire.class);

    private final TransportSettings settings;
    private final TransportOptions options;
    private final HttpsPaths paths;
    private final HttpsCaller caller;
    private volatile Events events;
    private volatile boolean closed;

    HttpsWire(TransportSettings settings, TransportResources resources) {
        this.settings = settings;
        this.options = settings.options();
        this.paths = new HttpsPaths(settings);
        HttpClient client = resources.httpClients().get(resources.sslContext(), settings.proxy(),
                settings.connectTimeout(), resources.io());
        Backoff backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        this.caller = new HttpsCaller(client, settings.credentials(), resources.scheduler(), resources.clock(), backoff,
                failure -> {
                    Events e = events;
                    if (e != null) {
                        e.requestOutcome(failure);
                    }
                }, settings.proxy());
    }

    @Override
    public Set<Channel> channels() {
        return EnumSet.of(Channel.TELEMETRY);
    }

    @Override
    public Renewal renewal() {
        return Renewal.PER_REQUEST;
    }

    @Override
    public CompletableFuture<Connection> connect(SasToken token, Events newEvents) {
        String lockToken = UUID.randomUUID().toString();
        return caller.call(() -> request(paths.complete(lockToken)).DELETE(), "a credentials check (DELETE "
                                                                             + paths.deviceBoundPath()
                                                                             + "/{unknown lock token})",
                settings.connectTimeout())
                .handle((ok, error) -> {
                    Throwable cause = Errors.unwrap(error);
                    if (cause == null || cause instanceof HttpsHubException h && h.getStatusCode() == 412) {
                        events = newEvents;
                        return connection();
                    }
                    if (cause instanceof HttpsHubException h && isRefusal(h)) {
                        throw new IotHubException("IoT Hub refused device " + settings.clientId() + " on "
                                                  + settings.hostName() + ": " + h.getMessage(), h.getErrorCode(), false,
                                h);
                    }
                    throw cause instanceof IotHubException e ? e
                            : new IotHubException("Cannot check the credentials of " + settings.clientId() + ": "
                                                  + Errors.describe(cause), null, true, cause);
                });
    }

    private static boolean isRefusal(HttpsHubException e) {
        int status = e.getStatusCode();
        return status == 401 || status == 403 || status == 404;
    }

    private Connection connection() {
        return new Connection() {
            @Override
            public CompletableFuture<Void> publish(IotHubMessage message) {
                return postSingle(message);
            }

            @Override
            public CompletableFuture<Void> subscribe(Channel channel) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException(
                        "IoT Hub does not push cloud-to-device messages over HTTPS: the iothub consumer polls for them"));
            }

            @Override
            public CompletableFuture<Void> unsubscribe(Channel channel) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
                // nothing is open between requests
            }
        };
    }

    @Override
    public void release() {
        closed = true;
    }

    // ---- device-to-cloud ----

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
            Throwable cause = Errors.unwrap(error);
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
                return HttpsWire.this.settle(message.getLockToken(), outcome);
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

    // ---- common ----

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("iothub-to", uri.getRawPath());
    }

    private boolean isClosed() {
        return closed;
    }

    private IotHubException closedException() {
        return new IotHubException("The transport of " + settings.clientId() + " was closed", null, false);
    }
}

package io.cameliothub.component.transport.internal.https;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.auth.SasToken;
import io.cameliothub.component.auth.SasTokenExpiredException;
import io.cameliothub.component.transport.HttpsHubException;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.Backoff;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.proxy.ProxiedHttpClients;
import io.cameliothub.component.transport.internal.proxy.ProxyException;
import io.cameliothub.component.transport.internal.proxy.ProxySettings;

/**
 * Sends one device REST API request: adds the SAS token (minted per request from a key, so it is always fresh), and
 * retries with backoff while the hub answers 429 or 503 or the network fails, honouring {@code Retry-After}, until the
 * deadline. Other error statuses fail at once as {@link HttpsHubException}s.
 */
final class HttpsCaller {


    private final HttpClient client;
    private final DeviceCredentials credentials;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Backoff backoff;
    /** Told of each request's outcome: null after a success, else why the hub refused or could not be reached. */
    private final Consumer<Throwable> observer;
    private final ProxySettings proxy;
    private final String proxyAuthorization;

    HttpsCaller(HttpClient client, DeviceCredentials credentials, ScheduledExecutorService scheduler, Clock clock,
                Backoff backoff, Consumer<Throwable> observer, ProxySettings proxy) {
        this.client = client;
        this.proxy = proxy;
        this.proxyAuthorization = ProxiedHttpClients.proxyAuthorization(proxy);
        this.credentials = credentials;
        this.scheduler = scheduler;
        this.clock = clock;
        this.backoff = backoff;
        this.observer = observer;
    }

    /**
     * @param request what to send (built afresh for each attempt)
     * @param what    the request as error messages name it, e.g. "POST /devices/d1/messages/events"
     * @param timeout how long all attempts together may take
     * @return the 2xx response; or fails with an {@link IotHubException}
     */
    CompletableFuture<HttpResponse<byte[]>> call(Supplier<HttpRequest.Builder> request, String what, Duration timeout) {
        CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        attempt(request, what, clock.instant().plus(timeout), timeout, 0, result);
        return result;
    }

    private void attempt(Supplier<HttpRequest.Builder> request, String what, Instant deadline, Duration timeout,
                         int attempt, CompletableFuture<HttpResponse<byte[]>> result) {
        if (result.isDone()) {
            return;
        }
        HttpRequest.Builder builder = request.get().timeout(remaining(deadline, timeout));
        try {
            SasToken token = credentials.token(clock.instant());
            if (token != null) {
                builder.header("Authorization", token.value());
            }
        } catch (SasTokenExpiredException e) {
            result.completeExceptionally(new IotHubException(e.getMessage(), "401003", false, e));
            return;
        }
        if (proxyAuthorization != null) {
            builder.header("Proxy-Authorization", proxyAuthorization);
        }
        client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null && !(error instanceof IOException) ? error.getCause() : error;
                ProxyException refusal = ProxiedHttpClients.tunnelRefusal(cause, proxy);
                if (refusal != null && refusal.isAuthentication()) {
                    // refused credentials cannot be fixed by retrying
                    IotHubException failure = new IotHubException(refusal.getMessage(), "407", false, refusal);
                    observer.accept(failure);
                    result.completeExceptionally(failure);
                    return;
                }
                IotHubException failure = new IotHubException("Cannot reach IoT Hub for " + what + ": "
                                                              + Errors.describe(cause), null, true, cause);
                observer.accept(failure);
                if (cause instanceof HttpTimeoutException) {
                    result.completeExceptionally(failure);
                } else {
                    retryOrFail(request, what, deadline, timeout, attempt, result, failure, Duration.ZERO);
                }
                return;
            }
            int status = response.statusCode();
            if (status == 407 && proxy != null) { // the JDK hands a CONNECT's 407 over as the response
                ProxyException refusal = ProxiedHttpClients.refusal(proxy, status);
                IotHubException failure = new IotHubException(refusal.getMessage(), "407", false, refusal);
                observer.accept(failure);
                result.completeExceptionally(failure);
                return;
            }
            if (status >= 200 && status < 300) {
                observer.accept(null);
                result.complete(response);
                return;
            }
            HttpsHubException failure = HttpsErrors.of(response, what);
            if (status == 401 || status == 403 || "404001".equals(failure.getErrorCode())
                || "404010".equals(failure.getErrorCode())) {
                observer.accept(failure);
            }
            if (status == 429 || status == 503) {
                retryOrFail(request, what, deadline, timeout, attempt, result, failure,
                        RetryAfter.of(response, clock.instant()));
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    private void retryOrFail(Supplier<HttpRequest.Builder> request, String what, Instant deadline, Duration timeout,
                             int attempt, CompletableFuture<HttpResponse<byte[]>> result, IotHubException failure,
                             Duration retryAfter) {
        Duration delay = backoff.delay(attempt);
        if (retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        if (clock.instant().plus(delay).isAfter(deadline)) {
            result.completeExceptionally(failure);
            return;
        }
        scheduler.schedule(() -> attempt(request, what, deadline, timeout, attempt + 1, result), delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Duration remaining(Instant deadline, Duration timeout) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : left;
    }
}

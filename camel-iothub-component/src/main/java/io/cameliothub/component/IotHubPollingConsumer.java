package io.cameliothub.component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.internal.C2dDelivery;
import io.cameliothub.component.transport.internal.C2dPoller;
import io.cameliothub.component.transport.internal.Errors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls for the device's cloud-to-device messages where IoT Hub does not push them (HTTPS): every pollInterval (25
 * minutes by default, IoT Hub's guidance), it receives messages one at a time, up to maxMessagesPerPoll, until the
 * queue is empty. Each message is routed, then completed; on failure abandoned or rejected as c2dFailureOutcome says.
 * An abandoned message ends the poll: it comes back at the next one, rather than being taken again at once.
 * The hub locks a received message for one minute: a route slower than that gets a clear error when the hub refuses
 * the late completion, and the message comes again. Its health check follows the outcome of the last request to the
 * hub (DOWN after a refusal or while the hub cannot be reached).
 */
public class IotHubPollingConsumer extends ScheduledPollConsumer {

    /** IoT Hub's guidance for HTTPS devices: poll for cloud-to-device messages no more often than this. */
    public static final Duration RECOMMENDED_POLL_INTERVAL = Duration.ofMinutes(25);
    /** How long IoT Hub locks a message received over HTTPS. */
    static final Duration LOCK_DURATION = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(IotHubPollingConsumer.class);
    private static final long AWAIT_MARGIN_MILLIS = 5_000;

    private final IotHubMessageMapper mapper;
    private IotHubDeviceLease lease;
    private C2dPoller poller;

    public IotHubPollingConsumer(IotHubEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.mapper = new IotHubMessageMapper(endpoint.getHeaderFilterStrategy());
        IotHubConfiguration config = endpoint.getConfiguration();
        if (config.getPollInterval() <= 0) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + config.getPollInterval() + "ms");
        }
        if (config.getMaxMessagesPerPoll() < 1) {
            throw new IllegalArgumentException("maxMessagesPerPoll must be at least 1, was "
                                               + config.getMaxMessagesPerPoll());
        }
        setDelay(config.getPollInterval());
        setTimeUnit(TimeUnit.MILLISECONDS);
        setInitialDelay(0); // a device coming online fetches what waits for it at once
        setUseFixedDelay(true);
    }

    @Override
    public IotHubEndpoint getEndpoint() {
        return (IotHubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        IotHubEndpoint endpoint = getEndpoint();
        lease = IotHubDeviceLease.acquire(endpoint, "consumer");
        poller = lease.transport().capability(C2dPoller.class).orElseThrow(() -> new IllegalStateException(
                "The " + endpoint.getSettings().protocol() + " transport cannot poll"));
        if (HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "consumers",
                HealthCheckRepository.class) != null) {
            setHealthCheck(lease.healthCheck());
        }
        warnIfPollingOften(endpoint);
        endpoint.awaitOpen(lease.transport());
        super.doStart();
    }

    private void warnIfPollingOften(IotHubEndpoint endpoint) {
        Duration interval = Duration.ofMillis(endpoint.getConfiguration().getPollInterval());
        if (interval.compareTo(RECOMMENDED_POLL_INTERVAL) < 0) {
            LOG.warn("{} polls IoT Hub for cloud-to-device messages every {}. IoT Hub's guidance for HTTPS devices is to "
                     + "poll \"less than every 25 minutes\" (HTTPS suits devices that connect intermittently; polls count "
                     + "against the hub's cloud-to-device receive throttle). Keep short intervals for development, or use "
                     + "MQTT or AMQPS for prompt delivery.",
                    endpoint.getSettings().clientId(), optionText(interval));
        }
    }

    /** A duration as the option takes it: 1s, 90s, 5m, 1500ms (not TimeUtils' 1s0ms). */
    static String optionText(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        int max = getEndpoint().getConfiguration().getMaxMessagesPerPoll();
        int count = 0;
        while (count < max && isPollAllowed()) {
            Optional<C2dDelivery> next = await(poller.receive());
            if (next.isEmpty()) {
                break;
            }
            count++;
            if (process(next.get()) == C2dOutcome.ABANDON) {
                break; // an abandoned message comes back at the next poll, not again in this one
            }
        }
        return count;
    }

    /** Routes one message and settles it; returns the outcome it was settled with. */
    private C2dOutcome process(C2dDelivery delivery) {
        Exchange exchange = createExchange(false);
        try {
            mapper.toCamel(delivery.message(), exchange);
            long start = System.nanoTime();
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            C2dOutcome outcome = exchange.isFailed()
                    ? getEndpoint().getConfiguration().getC2dFailureOutcome() : C2dOutcome.COMPLETE;
            // a failure was logged by the route's error handler already
            settle(delivery, outcome, took, exchange);
            return outcome;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void settle(C2dDelivery delivery, C2dOutcome outcome, Duration took, Exchange exchange) {
        try {
            await(delivery.settle(outcome));
        } catch (IotHubException e) {
            if (e.getErrorCode() != null && e.getErrorCode().startsWith("412")) {
                getExceptionHandler().handleException(new IotHubException(
                        "IoT Hub refused to " + outcome.name().toLowerCase() + " cloud-to-device message "
                        + delivery.message().getMessageId() + " because its lock had expired: the route took "
                        + took.toMillis() + " ms, and IoT Hub locks a message received over HTTPS for "
                        + LOCK_DURATION.toSeconds() + " seconds. The hub delivers the message again; make the route "
                        + "faster (e.g. hand the work to a seda: queue) so that it settles in time. " + e.getMessage(),
                        e.getErrorCode(), false, e));
            } else {
                getExceptionHandler().handleException("Cannot " + outcome.name().toLowerCase()
                                                      + " the cloud-to-device message with IoT Hub", exchange, e);
            }
        } catch (Exception e) {
            getExceptionHandler().handleException("Cannot " + outcome.name().toLowerCase()
                                                  + " the cloud-to-device message with IoT Hub", exchange, e);
        }
    }

    /** Waits for a request, which the transport bounds by sendTimeout (retries included); the margin is a backstop. */
    private <T> T await(CompletableFuture<T> future) throws Exception {
        long millis = getEndpoint().getSettings().transportOptions().sendTimeout().toMillis() + AWAIT_MARGIN_MILLIS;
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Errors.unwrap(e);
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}

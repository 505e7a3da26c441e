package io.cameliothub.component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.cameliothub.component.transport.internal.twin.DesiredPropertiesTracker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.internal.C2dDelivery;
import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.IotHubTransport;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the device's cloud-to-device messages as the hub pushes them (MQTT, AMQP). A message is completed with the
 * hub once its exchange succeeded; on failure it is abandoned or rejected as c2dFailureOutcome says, except over MQTT,
 * where IoT Hub knows only complete.
 */
public class IotHubConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubConsumer.class);

    private final IotHubMessageMapper mapper;
    private final AtomicBoolean mqttFailureWarned = new AtomicBoolean();
    private IotHubDeviceLease lease;
    private IotHubTransport transport;

    public IotHubConsumer(IotHubEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.mapper = new IotHubMessageMapper(endpoint.getHeaderFilterStrategy());
    }

    @Override
    public IotHubEndpoint getEndpoint() {
        return (IotHubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        IotHubEndpoint endpoint = getEndpoint();
        lease = IotHubDeviceLease.acquire(endpoint, "consumer");
        transport = lease.transport();
        if (HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "consumers",
                HealthCheckRepository.class) != null) {
            setHealthCheck(lease.healthCheck());
        }
        IotHubConfiguration config = endpoint.getConfiguration();
        IotHubTwinReceivers twin = new IotHubTwinReceivers(this);
        CompletableFuture<Void> subscribed = switch (config.getReceive()) {
            case messages -> transport.subscribe(this::onMessage);
            case desiredProperties -> transport.subscribeDesired(twin::onDesired, config.isDesiredPropertiesFullState()
                    ? DesiredPropertiesTracker.ResyncMode.FULL : DesiredPropertiesTracker.ResyncMode.DIFF,
                    config.isInitialDesiredProperties());
            case methods -> transport.subscribeMethods(twin::onMethod, Duration.ofMillis(config.getMethodTimeout()));
        };
        subscribed.get(endpoint.getSettings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        endpoint.awaitOpen(transport);
    }

    @Override
    protected void doStop() throws Exception {
        if (transport != null) {
            // the hub hears of it now, not at the next reconnect; a restarted route subscribes again
            CompletableFuture<Void> unsubscribed = switch (getEndpoint().getConfiguration().getReceive()) {
                case messages -> transport.unsubscribe();
                case desiredProperties -> transport.unsubscribeDesired();
                case methods -> transport.unsubscribeMethods();
            };
            try {
                // before the lease goes: closing the connection first could leave the subscription on the hub
                unsubscribed.get(getEndpoint().getSettings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("{}: the hub did not confirm the unsubscription: {}", getEndpoint().getSettings().clientId(),
                        e.toString());
            }
        }
        if (lease != null) {
            lease.close();
            lease = null;
        }
        super.doStop();
    }

    private void onMessage(C2dDelivery delivery) {
        Exchange exchange = createExchange(false);
        mapper.toCamel(delivery.message(), exchange);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                settle(delivery, C2dOutcome.COMPLETE, done);
            }

            @Override
            public void onFailure(Exchange failed) {
                settle(delivery, failureOutcome(), failed);
            }
        });
        // a failure was logged by the route's error handler already: saying it again here would log it twice
        getAsyncProcessor().process(exchange, doneSync -> releaseExchange(exchange, false));
    }

    private C2dOutcome failureOutcome() {
        IotHubEndpoint endpoint = getEndpoint();
        if (endpoint.getSettings().protocol().isMqtt()) {
            if (mqttFailureWarned.compareAndSet(false, true)) {
                LOG.warn("A cloud-to-device message of {} failed its route; over MQTT IoT Hub knows only 'complete', so "
                         + "it is completed (removed from the device's queue) now that Camel's error handler ran. Use "
                         + "protocol AMQPS (or HTTPS) to abandon or reject failed messages. (Said once per consumer.)",
                        endpoint.getSettings().clientId());
            }
            return C2dOutcome.COMPLETE;
        }
        return endpoint.getConfiguration().getC2dFailureOutcome();
    }

    private void settle(C2dDelivery delivery, C2dOutcome outcome, Exchange exchange) {
        delivery.settle(outcome).whenComplete((ok, error) -> {
            if (error != null) {
                getExceptionHandler().handleException("Cannot " + outcome.name().toLowerCase()
                                                      + " the cloud-to-device message with IoT Hub",
                        exchange, Errors.unwrap(error));
            }
        });
    }
}

package io.cameliothub.component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cameliothub.component.transport.internal.Errors;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportMetrics;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send device-to-cloud messages to and receive cloud-to-device messages from Azure IoT Hub over MQTT, AMQP or HTTPS.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "iothub", title = "Azure IoT Hub Device",
             syntax = "iothub:deviceId/moduleId", category = { Category.CLOUD, Category.IOT, Category.MESSAGING },
             headersClass = IotHubConstants.class)
@ManagedResource(description = "Managed IoT Hub device endpoint")
public class IotHubEndpoint extends DefaultEndpoint implements HeaderFilterStrategyAware {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubEndpoint.class);
    private static final HeaderFilterStrategy DEFAULT_FILTER = new IotHubHeaderFilterStrategy();

    @UriParam
    private final IotHubConfiguration configuration;
    private volatile IotHubSettings settings;
    private volatile IotHubGatewaySettings gatewaySettings;

    public IotHubEndpoint(String uri, IotHubComponent component, IotHubConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    /**
     * Checks the configuration and fixes the settings the endpoint connects with.
     *
     * @throws IllegalArgumentException naming the offending option
     */
    public IotHubSettings resolveSettings() {
        if (configuration.isGateway()) {
            gatewaySettings = new IotHubGatewaySettings(configuration, getComponent().getClock());
            settings = gatewaySettings.check();
        } else {
            settings = new IotHubSettingsResolver(getComponent().getClock()).resolve(configuration);
        }
        return settings;
    }

    /** A gateway endpoint's per-device settings (gateway=true), else null. */
    IotHubGatewaySettings getGatewaySettings() {
        if (settings == null) {
            resolveSettings();
        }
        return gatewaySettings;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (settings == null) {
            resolveSettings();
        }
    }

    @Override
    public IotHubComponent getComponent() {
        return (IotHubComponent) super.getComponent();
    }

    public IotHubConfiguration getConfiguration() {
        return configuration;
    }

    /** The validated settings this endpoint connects with. */
    public IotHubSettings getSettings() {
        return settings != null ? settings : resolveSettings();
    }

    @Override
    public Producer createProducer() {
        checkTransportAvailable();
        if (getSettings().protocol() == IotHubProtocol.HTTPS && configuration.getOperation() != IotHubOperation.sendEvent) {
            throw new IllegalArgumentException("operation=" + configuration.getOperation() + " needs a device twin, which "
                                               + "IoT Hub does not offer over HTTPS: use protocol MQTT, MQTT_WS, AMQPS "
                                               + "or AMQPS_WS");
        }
        return configuration.isGateway() ? new IotHubGatewayProducer(this) : new IotHubProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        checkTransportAvailable();
        if (configuration.isGateway()) {
            throw new IllegalArgumentException("gateway=true endpoints only send: consume with one iothub:deviceId "
                                               + "endpoint per device");
        }
        if (getSettings().protocol() == IotHubProtocol.HTTPS && configuration.getReceive() != IotHubReceive.messages) {
            throw new IllegalArgumentException("receive=" + configuration.getReceive() + " is not offered by IoT Hub over "
                                               + "HTTPS: use protocol MQTT, MQTT_WS, AMQPS or AMQPS_WS");
        }
        if (getSettings().protocol() == IotHubProtocol.HTTPS) {
            IotHubPollingConsumer polling = new IotHubPollingConsumer(this, processor);
            configureConsumer(polling);
            return polling;
        }
        IotHubConsumer consumer = new IotHubConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    private void checkTransportAvailable() {
        if (!getComponent().getTransports().supports(getSettings().transport().protocol())) {
            throw new UnsupportedOperationException("The " + getSettings().protocol()
                                                    + " transport of the iothub component is not available yet");
        }
    }

    @Override
    public HeaderFilterStrategy getHeaderFilterStrategy() {
        HeaderFilterStrategy strategy = configuration.getHeaderFilterStrategy();
        return strategy != null ? strategy : DEFAULT_FILTER;
    }

    @Override
    public void setHeaderFilterStrategy(HeaderFilterStrategy strategy) {
        configuration.setHeaderFilterStrategy(strategy);
    }

    /**
     * Waits up to connectTimeout (counted once per device, from the first wait) for the transport's first connection. A device the hub refuses fails here, so the
     * route does not start; a hub that cannot be reached yet only delays: the transport keeps trying, and the health
     * check reports DOWN until it succeeds.
     */
    void awaitOpen(IotHubTransport transport) throws Exception {
        // the producer and the consumer of one device share its transport: the route's start waits connectTimeout once
        long remaining = getComponent().openDeadlineMillis(transport, getSettings().connectTimeout().toMillis());
        try {
            transport.open().get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} is not connected to IoT Hub after {} ms; still trying in the background ({})",
                    getSettings().clientId(), getSettings().connectTimeout().toMillis(),
                    transport.lastError() == null ? "no error yet" : transport.lastError().getMessage());
        } catch (ExecutionException e) {
            Throwable cause = Errors.unwrap(e);
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    // ---- JMX: the figures of the device's transport while a route uses it (0 and NONE otherwise) ----

    private TransportMetrics metrics() {
        IotHubTransport t = transportInUse();
        return t == null ? null : t.metrics();
    }

    private IotHubTransport transportInUse() {
        IotHubSettings s = settings;
        return s == null || configuration.isGateway() ? null : getComponent().getTransports().find(s.transport());
    }

    private long figure(java.util.function.ToLongFunction<TransportMetrics> figure) {
        TransportMetrics m = metrics();
        return m == null ? 0 : figure.applyAsLong(m);
    }

    @ManagedAttribute(description = "The device's connection state (NONE while no route uses the device)")
    public String getConnectionState() {
        IotHubTransport t = transportInUse();
        return t == null ? "NONE" : t.state().name();
    }

    @ManagedAttribute(description = "Device-to-cloud messages handed to the transport")
    public long getMessagesSent() {
        return figure(TransportMetrics::sent);
    }

    @ManagedAttribute(description = "Device-to-cloud messages the hub acknowledged")
    public long getMessagesAcknowledged() {
        return figure(TransportMetrics::acknowledged);
    }

    @ManagedAttribute(description = "Device-to-cloud messages that failed")
    public long getMessagesFailed() {
        return figure(TransportMetrics::failed);
    }

    @ManagedAttribute(description = "Device-to-cloud messages awaiting the hub's acknowledgement")
    public long getMessagesInFlight() {
        return figure(TransportMetrics::inFlight);
    }

    @ManagedAttribute(description = "Connections re-established after the device lost its connection")
    public long getReconnects() {
        return figure(TransportMetrics::reconnects);
    }

    @ManagedAttribute(description = "Cloud-to-device messages received")
    public long getC2dReceived() {
        return figure(TransportMetrics::c2dReceived);
    }

    @ManagedAttribute(description = "Cloud-to-device messages completed")
    public long getC2dCompleted() {
        return figure(TransportMetrics::c2dCompleted);
    }

    @ManagedAttribute(description = "Cloud-to-device messages abandoned")
    public long getC2dAbandoned() {
        return figure(TransportMetrics::c2dAbandoned);
    }

    @ManagedAttribute(description = "Cloud-to-device messages rejected")
    public long getC2dRejected() {
        return figure(TransportMetrics::c2dRejected);
    }

    @ManagedAttribute(description = "Twin reads and reported-property updates sent")
    public long getTwinRequests() {
        return figure(TransportMetrics::twinRequests);
    }

    @ManagedAttribute(description = "Direct-method calls received")
    public long getMethodInvocations() {
        return figure(TransportMetrics::methodInvocations);
    }
}

package io.cameliothub.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Send device-to-cloud messages to and receive cloud-to-device messages from Azure IoT Hub over MQTT, AMQP or HTTPS.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "iothub", title = "Azure IoT Hub Device",
             syntax = "iothub:deviceId/moduleId", category = { Category.CLOUD, Category.IOT, Category.MESSAGING },
             headersClass = IotHubConstants.class)
public class IotHubEndpoint extends DefaultEndpoint {

    @UriParam
    private final IotHubConfiguration configuration;
    private volatile IotHubSettings settings;

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
        settings = new IotHubSettingsResolver(getComponent().getClock()).resolve(configuration);
        return settings;
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
        throw transportNotAvailable();
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw transportNotAvailable();
    }

    private UnsupportedOperationException transportNotAvailable() {
        return new UnsupportedOperationException("The " + getSettings().protocol()
                                                 + " transport of the iothub component is not available yet");
    }
}

package io.cameliothub.quarkus;

import java.util.Optional;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConfiguration;
import io.cameliothub.component.IotHubEndpoint;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.EndpointStrategy;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Points the iothub component at the Dev Service's emulator when one runs (dev and test mode only): trusts the
 * emulator's certificate, gives each endpoint without a port the emulator's port for its protocol, and registers
 * every device an iothub: endpoint names; signs with the emulator's device policy key. Does nothing when the Dev
 * Service's properties are absent or the application configures a hub of its own.
 */
public final class IotHubDevServicesCustomizer implements CamelContextCustomizer {

    @Override
    public void configure(CamelContext context) {
        Config config = ConfigProvider.getConfig();
        Optional<IotHubDevServicesHub> hub = IotHubDevServicesHub.find(config);
        // in test mode an emulator an earlier test class started stays up, and its properties visible, until the end
        if (hub.isEmpty() || IotHubDevServicesHub.hubConfigured(config)) {
            return;
        }
        String host = config.getValue(IotHubDevServicesHub.HOST_NAME, String.class);
        int mqtt = config.getValue(IotHubDevServicesHub.MQTT_PORT, Integer.class);
        int amqp = config.getValue(IotHubDevServicesHub.AMQP_PORT, Integer.class);
        int https = config.getValue(IotHubDevServicesHub.HTTPS_PORT, Integer.class);

        IotHubConfiguration shared = context.getComponent("iothub", IotHubComponent.class).getConfiguration();
        shared.setHostName(host);
        if (shared.getSharedAccessKey() == null && shared.getSasToken() == null) {
            // the emulator's DeviceConnect policy signs for every registered device
            shared.setSharedAccessKeyName(config.getValue(IotHubDevServicesHub.POLICY_NAME, String.class));
            shared.setSharedAccessKey(config.getValue(IotHubDevServicesHub.POLICY_KEY, String.class));
        }
        if (shared.getSslContextParameters() == null) {
            shared.setSslContextParameters(trust(
                    config.getValue(IotHubDevServicesHub.TRUST_STORE, String.class),
                    config.getValue(IotHubDevServicesHub.TRUST_STORE_PASSWORD, String.class)));
        }
        context.getCamelContextExtension().registerEndpointCallback(
                new DevServicesEndpoints(hub.get(), host, mqtt, amqp, https));
    }

    private static SSLContextParameters trust(String trustStore, String password) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore);
        ks.setPassword(password);
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }

    /** Sees every endpoint as it is created; touches only iothub: endpoints aimed at the Dev Service's host. */
    static final class DevServicesEndpoints implements EndpointStrategy {
        private final IotHubDevServicesHub hub;
        private final String host;
        private final int mqtt;
        private final int amqp;
        private final int https;

        DevServicesEndpoints(IotHubDevServicesHub hub, String host, int mqtt, int amqp, int https) {
            this.hub = hub;
            this.host = host;
            this.mqtt = mqtt;
            this.amqp = amqp;
            this.https = https;
        }

        @Override
        public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
            if (endpoint instanceof IotHubEndpoint iothub && aimsAtDevService(iothub.getConfiguration())) {
                IotHubConfiguration c = iothub.getConfiguration();
                if (c.getPort() == null) {
                    c.setPort(port(c.getProtocol()));
                    iothub.resolveSettings();
                }
                if (c.getDeviceId() != null) {
                    if (c.getModuleId() != null) {
                        hub.registerModule(c.getDeviceId(), c.getModuleId());
                    } else {
                        hub.registerDevice(c.getDeviceId());
                    }
                }
            }
            return endpoint;
        }

        private boolean aimsAtDevService(IotHubConfiguration c) {
            return c.getConnectionString() == null && c.getGatewayHostName() == null && host.equals(c.getHostName());
        }

        int port(IotHubProtocol protocol) {
            return switch (protocol == null ? IotHubProtocol.MQTT : protocol) {
                case MQTT -> mqtt;
                case AMQPS -> amqp;
                case MQTT_WS, AMQPS_WS, HTTPS -> https;
            };
        }
    }
}

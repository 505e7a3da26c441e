package io.cameliothub.quarkus.deployment.devservices;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesRegistryBuildItem;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Starts the IoT Hub emulator in dev and test mode unless disabled or a hub is configured, and gives the application
 * the emulator's host, ports, device policy key and trust store.
 */
public class IotHubDevServicesProcessor {

    static final String FEATURE = "camel-iothub";
    static final String SERVICE = "iothub-emulator";

    private static final Logger LOG = Logger.getLogger(IotHubDevServicesProcessor.class);

    @BuildStep(onlyIf = { IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class })
    DevServicesResultBuildItem iothubEmulator(IotHubDevServicesConfig config, DevServicesRegistryBuildItem registry) {
        if (!config.enabled()) {
            LOG.debug("IoT Hub Dev Service disabled by quarkus.camel.iothub.devservices.enabled=false");
            stopShared(registry);
            return null;
        }
        if (IotHubDevServicesHub.hubConfigured(ConfigProvider.getConfig())) {
            LOG.debugf("IoT Hub Dev Service not started: one of %s is set", IotHubDevServicesHub.HUB_PROPERTIES);
            stopShared(registry);
            return null;
        }
        IotHubDevServicesConfig.Settings settings = new IotHubDevServicesConfig.Settings(
                config.devices().orElse(List.of()),
                config.emulatorArtifact().orElseGet(EmulatorClasspath::defaultCoordinates));

        Map<String, Function<EmulatorDevService, String>> injected = Map.of(
                IotHubDevServicesHub.POLICY_NAME, s -> s.get("policy-name"),
                IotHubDevServicesHub.POLICY_KEY, s -> s.get("policy-key"),
                IotHubDevServicesHub.HOST_NAME, s -> s.get("host-name"),
                IotHubDevServicesHub.MQTT_PORT, s -> s.get("mqtt-port"),
                IotHubDevServicesHub.AMQP_PORT, s -> s.get("amqp-port"),
                IotHubDevServicesHub.HTTPS_PORT, s -> s.get("https-port"),
                IotHubDevServicesHub.TRUST_STORE, s -> s.get("trust-store"),
                IotHubDevServicesHub.TRUST_STORE_PASSWORD, s -> s.get("trust-store-password"),
                IotHubDevServicesHub.JMX_NAME, s -> s.get("jmx-name"));
        return DevServicesResultBuildItem.owned()
                .feature(FEATURE)
                .serviceName(SERVICE)
                .serviceConfig(settings)
                .startable(() -> new EmulatorDevService(settings))
                .configProvider(injected)
                .build();
    }

    /** An emulator an earlier test class (or dev-mode run) started must not serve an application that needs none. */
    private static void stopShared(DevServicesRegistryBuildItem registry) {
        registry.closeAllRunningServices(FEATURE, SERVICE);
    }
}

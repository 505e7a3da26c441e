package io.cameliothub.quarkus.deployment.devservices;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Starts the IoT Hub emulator in dev and test mode unless disabled or a hub is configured, and gives the application
 * the emulator's host, ports, device policy key and trust store.
 */
public class IotHubDevServicesProcessor {

    /** Any of these means the application talks to a hub of its own. */
    static final List<String> HUB_PROPERTIES = List.of("camel.component.iothub.host-name",
            "camel.component.iothub.hostName", "camel.component.iothub.connection-string",
            "camel.component.iothub.connectionString");

    private static final Logger LOG = Logger.getLogger(IotHubDevServicesProcessor.class);

    @BuildStep(onlyIf = { IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class })
    DevServicesResultBuildItem iothubEmulator(IotHubDevServicesConfig config) {
        if (!config.enabled()) {
            LOG.debug("IoT Hub Dev Service disabled by quarkus.camel.iothub.devservices.enabled=false");
            return null;
        }
        Config appConfig = ConfigProvider.getConfig();
        for (String key : HUB_PROPERTIES) {
            if (appConfig.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent()) {
                LOG.debugf("IoT Hub Dev Service not started: %s is set", key);
                return null;
            }
        }
        IotHubDevServicesConfig.Settings settings = new IotHubDevServicesConfig.Settings(
                config.devices().orElse(List.of()),
                config.emulatorArtifact().orElseGet(EmulatorClasspath::defaultCoordinates));

        Map<String, Function<EmulatorDevService, String>> injected = Map.of(
                "camel.component.iothub.host-name", s -> s.get("host-name"),
                "camel.component.iothub.shared-access-key-name", s -> s.get("policy-name"),
                "camel.component.iothub.shared-access-key", s -> s.get("policy-key"),
                IotHubDevServicesHub.HOST_NAME, s -> s.get("host-name"),
                IotHubDevServicesHub.MQTT_PORT, s -> s.get("mqtt-port"),
                IotHubDevServicesHub.AMQP_PORT, s -> s.get("amqp-port"),
                IotHubDevServicesHub.HTTPS_PORT, s -> s.get("https-port"),
                IotHubDevServicesHub.TRUST_STORE, s -> s.get("trust-store"),
                IotHubDevServicesHub.TRUST_STORE_PASSWORD, s -> s.get("trust-store-password"),
                IotHubDevServicesHub.JMX_NAME, s -> s.get("jmx-name"));
        return DevServicesResultBuildItem.owned()
                .feature("camel-iothub")
                .serviceName("iothub-emulator")
                .serviceConfig(settings)
                .startable(() -> new EmulatorDevService(settings))
                .configProvider(injected)
                .build();
    }
}

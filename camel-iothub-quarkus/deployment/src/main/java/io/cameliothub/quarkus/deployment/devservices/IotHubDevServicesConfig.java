package io.cameliothub.quarkus.deployment.devservices;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The IoT Hub Dev Service (dev and test mode only). */
@ConfigMapping(prefix = "quarkus.camel.iothub.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface IotHubDevServicesConfig {

    /**
     * Whether the Dev Service starts the IoT Hub emulator in dev and test mode. It starts only when the application
     * uses iothub: and no hub is configured (neither camel.component.iothub.host-name nor
     * camel.component.iothub.connection-string is set). Never in prod mode.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Device ids to register at start, for devices no iothub: endpoint URI names (e.g. a gateway choosing the device
     * per message). Devices named in endpoint URIs are registered as the endpoints are created.
     */
    Optional<List<String>> devices();

    /**
     * The emulator to run, as groupId:artifactId:version; defaults to the emulator released with this extension.
     */
    Optional<String> emulatorArtifact();

    /** What decides whether a running emulator can be reused: equal settings share one. */
    record Settings(List<String> devices, String emulatorArtifact) {
    }
}

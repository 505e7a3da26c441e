package io.cameliothub.quarkus.deployment;

import io.cameliothub.quarkus.IotHubRecorder;
import io.quarkus.deployment.IsProduction;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ExtensionSslNativeSupportBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.IndexDependencyBuildItem;
import io.quarkus.deployment.builditem.nativeimage.NativeImageResourceBundleBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ServiceProviderBuildItem;
import org.apache.camel.quarkus.core.deployment.spi.RuntimeCamelContextCustomizerBuildItem;

/**
 * Build-time registrations for the iothub component. The native-image items follow what Paho loads by name (its
 * network-module providers, message bundles and logger); native mode has never been built or run (no GraalVM here).
 */
class IotHubProcessor {

    static final String FEATURE = "camel-iothub";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The component jar carries a Jandex index; this makes sure it is indexed even without one. */
    @BuildStep
    IndexDependencyBuildItem indexComponent() {
        return new IndexDependencyBuildItem("io.cameliothub", "camel-iothub");
    }

    /** Every transport runs over TLS. */
    @BuildStep
    ExtensionSslNativeSupportBuildItem ssl() {
        return new ExtensionSslNativeSupportBuildItem(FEATURE);
    }

    @BuildStep
    void paho(BuildProducer<ServiceProviderBuildItem> services, BuildProducer<NativeImageResourceBundleBuildItem> bundles,
            BuildProducer<ReflectiveClassBuildItem> reflective) {
        // ssl:// and wss:// network modules come from META-INF/services
        services.produce(ServiceProviderBuildItem.allProvidersFromClassPath(
                "org.eclipse.paho.client.mqttv3.spi.NetworkModuleFactory"));
        bundles.produce(new NativeImageResourceBundleBuildItem("org.eclipse.paho.client.mqttv3.internal.nls.logcat"));
        bundles.produce(new NativeImageResourceBundleBuildItem("org.eclipse.paho.client.mqttv3.internal.nls.messages"));
        bundles.produce(new NativeImageResourceBundleBuildItem("org.eclipse.paho.client.mqttv3.logging.jsr47min"));
        // Paho's LoggerFactory creates its logger by class name
        reflective.produce(ReflectiveClassBuildItem.builder("org.eclipse.paho.client.mqttv3.logging.JSR47Logger")
                .constructors().build());
    }

    /** Points the component at the Dev Service's emulator; the customizer does nothing unless the Dev Service ran. */
    @BuildStep(onlyIfNot = IsProduction.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    RuntimeCamelContextCustomizerBuildItem devServicesCustomizer(IotHubRecorder recorder) {
        return new RuntimeCamelContextCustomizerBuildItem(recorder.devServicesCustomizer());
    }
}

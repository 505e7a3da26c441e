package io.cameliothub.component.osgi;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import io.cameliothub.component.IotHubComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OSGi manifest that bnd wrote into the build output (the jar takes it as is): what Karaf needs to resolve and start
 * the component, and what camel-core-osgi needs to find the {@code iothub} scheme.
 */
class BundleManifestTest {

    private static Path classes;
    private static Attributes manifest;

    @BeforeAll
    static void readManifest() throws Exception {
        classes = Path.of(IotHubComponent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in).getMainAttributes();
        }
    }

    private static List<ManifestHeader> header(String name) {
        return ManifestHeader.parse(manifest.getValue(name));
    }

    @Test
    void isABundleWithASymbolicName() {
        assertThat(manifest.getValue("Bundle-ManifestVersion")).isEqualTo("2");
        assertThat(manifest.getValue("Bundle-SymbolicName")).isEqualTo("io.cameliothub.camel-iothub");
        assertThat(manifest.getValue("Bundle-Version")).startsWith("0.");
    }

    @Test
    void importsEveryCamelPackageWithTheSupportedRange() {
        List<ManifestHeader> camel = header("Import-Package").stream()
                .filter(h -> h.name().startsWith("org.apache.camel")).toList();

        assertThat(camel).extracting(ManifestHeader::name).contains("org.apache.camel", "org.apache.camel.support");
        assertThat(camel).allSatisfy(h -> assertThat(h.version()).as(h.name()).isEqualTo("[4.14,5)"));
    }

    @Test
    void importsEveryLibraryPackageWithAVersionRange() {
        List<ManifestHeader> libraries = header("Import-Package").stream()
                .filter(h -> !h.name().startsWith("java.") && !h.name().startsWith("javax.")).toList();

        assertThat(libraries).extracting(ManifestHeader::name).contains("org.eclipse.paho.client.mqttv3", "org.slf4j");
        assertThat(libraries).allSatisfy(h -> assertThat(h.version()).as(h.name()).matches("\\[[0-9.]+,[0-9.]+\\)"));
        // a missing library must fail the bundle's resolution, not the first route that needs it; the one exception
        // is Micrometer (see importsMicrometerOptionally)
        assertThat(libraries).filteredOn(h -> !h.name().startsWith("io.micrometer."))
                .allSatisfy(h -> assertThat(h.parameters()).as(h.name()).doesNotContainKey("resolution:"));
    }

    @Test
    void importsMicrometerOptionally() {
        // Micrometer is deliberately optional: meters are published only when the application brings a MeterRegistry,
        // and the component works without it (IotHubMeterBinding never loads a Micrometer class unless it is present),
        // so Karaf users who do not want metrics need not install Micrometer
        List<ManifestHeader> micrometer = header("Import-Package").stream()
                .filter(h -> h.name().startsWith("io.micrometer.")).toList();

        assertThat(micrometer).extracting(ManifestHeader::name).contains("io.micrometer.core.instrument");
        assertThat(micrometer).allSatisfy(h -> {
            assertThat(h.parameters()).as(h.name()).containsEntry("resolution:", "optional");
            assertThat(h.version()).as(h.name()).isEqualTo("[1.10,2)");
        });
    }

    @Test
    void exportsTheApiAndKeepsTheSessionCoreAndTheWiresPrivate() {
        assertThat(header("Export-Package")).extracting(ManifestHeader::name).containsExactlyInAnyOrder(
                "io.cameliothub.component", "io.cameliothub.component.auth", "io.cameliothub.component.transport");
        assertThat(header("Private-Package")).extracting(ManifestHeader::name).contains(
                "io.cameliothub.component.transport.internal", "io.cameliothub.component.transport.internal.mqtt",
                "io.cameliothub.component.transport.internal.amqp", "io.cameliothub.component.transport.internal.https",
                "io.cameliothub.component.transport.internal.proxy");
    }

    @Test
    void startsEagerlySoCamelsExtenderSeesIt() {
        // camel-core-osgi registers the component resolver only for started bundles
        assertThat(manifest.getValue("Bundle-ActivationPolicy")).isNull();
    }

    @Test
    void carriesTheServiceFilesCamelResolvesTheSchemeFrom() {
        assertThat(classes.resolve("META-INF/services/org/apache/camel/component/iothub")).isRegularFile();
        assertThat(classes.resolve("META-INF/services/org/apache/camel/configurer/iothub-component")).isRegularFile();
        assertThat(classes.resolve("META-INF/services/org/apache/camel/configurer/iothub-endpoint")).isRegularFile();
        assertThat(classes.resolve("META-INF/services/org/apache/camel/urifactory/iothub-endpoint")).isRegularFile();
    }
}

package io.cameliothub.quarkus.deployment.devservices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.quarkus.bootstrap.resolver.maven.BootstrapMavenException;
import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * Resolves the emulator jar and its runtime dependencies with Maven, the way Quarkus resolves the application (local
 * repository, the project's workspace, then the configured repositories), but apart from the application's model: the
 * emulator keeps its own versions (Vert.x 5), which the application's Quarkus BOM would otherwise replace.
 */
final class EmulatorClasspath {

    private static final Set<String> RUNTIME_SCOPES = Set.of("compile", "runtime");

    private EmulatorClasspath() {
    }

    /** The emulator built with this extension, as groupId:artifactId:version. */
    static String defaultCoordinates() {
        Properties p = new Properties();
        try (InputStream in = EmulatorClasspath.class.getResourceAsStream("emulator.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emulator.properties", e);
        }
        return p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version");
    }

    /**
     * Offline first (the usual case: everything is in the local repository or the workspace, and no remote check can
     * slow the start down), then online.
     *
     * @param coordinates groupId:artifactId:version
     */
    static List<URL> resolve(String coordinates) {
        String[] gav = coordinates.split(":");
        if (gav.length != 3) {
            throw new IllegalArgumentException("quarkus.camel.iothub.devservices.emulator-artifact must be "
                    + "groupId:artifactId:version, got " + coordinates);
        }
        Artifact emulator = new DefaultArtifact(gav[0], gav[1], "jar", gav[2]);
        try {
            return resolve(emulator, true);
        } catch (IllegalStateException offline) {
            return resolve(emulator, false);
        }
    }

    private static List<URL> resolve(Artifact emulator, boolean offline) {
        String coordinates = emulator.toString();
        try {
            MavenArtifactResolver resolver = MavenArtifactResolver.builder().setWorkspaceDiscovery(true)
                    .setOffline(offline).build();
            List<URL> urls = new ArrayList<>();
            urls.add(url(resolver.resolve(emulator).getArtifact()));

            ArtifactDescriptorResult descriptor = resolver.resolveDescriptor(emulator);
            List<Dependency> runtime = descriptor.getDependencies().stream()
                    .filter(d -> RUNTIME_SCOPES.contains(d.getScope()) && !d.isOptional())
                    .toList();
            CollectRequest collect = new CollectRequest().setRootArtifact(emulator).setDependencies(runtime)
                    .setManagedDependencies(descriptor.getManagedDependencies())
                    .setRepositories(resolver.getRepositories());
            for (ArtifactResult r : resolver.getSystem()
                    .resolveDependencies(resolver.getSession(), new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                Artifact a = r.getArtifact();
                // slf4j comes from the Dev Service's side (see EmulatorClassLoader)
                if (!a.getGroupId().equals("org.slf4j")) {
                    urls.add(url(a));
                }
            }
            return urls;
        } catch (BootstrapMavenException | DependencyResolutionException e) {
            throw new IllegalStateException("the IoT Hub Dev Service cannot resolve the emulator " + coordinates
                    + " with Maven: " + e.getMessage(), e);
        }
    }

    private static URL url(Artifact a) {
        try {
            return a.getFile().toURI().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("bad path for " + a, e);
        }
    }
}

package io.cameliothub.karaf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

/**
 * The Karaf the test boots: the stock 4.4.10 distribution, offline (every bundle comes from the local Maven repository
 * the build filled), with camel-karaf's camel-core feature replaced (see {@link CamelCoreReplacement}) and the
 * component's features file installed at boot, and Felix SCR for the Karaf example. Paths and versions come from the build (failsafe system properties).
 */
final class KarafSetup {

    static final String FEATURE = "camel-iothub";
    static final String CAMEL_VERSION = "4.14.5";
    /** The Karaf example's jar (a file: URL inside Karaf). */
    static final String EXAMPLE_BUNDLE = "iothub.example.bundle";

    private KarafSetup() {
    }

    static Path workDirectory() {
        return Path.of(required("exam.directory"));
    }

    static List<Option> options() throws Exception {
        String karafVersion = required("karaf.version");
        Path work = workDirectory();
        List<Option> options = new ArrayList<>();
        options.add(karafDistributionConfiguration()
                .frameworkUrl(new File(required("karaf.distribution")).toURI().toString())
                .karafVersion(karafVersion)
                .name("Apache Karaf")
                .unpackDirectory(work.toFile())
                .useDeployFolder(false));
        // target/exam/<run>/data/log/karaf.log is where a failure is explained
        options.add(keepRuntimeFolder());
        options.add(configureConsole().ignoreLocalConsole().ignoreRemoteShell());
        options.add(logLevel(LogLevel.INFO));
        options.addAll(jpmsOptions(karafVersion));

        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        options.add(editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository",
                required("maven.localRepository")));
        options.add(editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories", ""));

        // the component jar of this build, where Karaf's system repository (checked first) finds it
        String version = required("iothub.version");
        options.add(replaceConfigurationFile("system/io/cameliothub/camel-iothub/" + version + "/camel-iothub-" + version
                                             + ".jar", componentBundle()));
        options.add(replaceConfigurationFile("etc/org.apache.karaf.features.xml",
                CamelCoreReplacement.write(work.resolve("org.apache.karaf.features.xml"), CAMEL_VERSION).toFile()));

        String featuresCfg = "etc/org.apache.karaf.features.cfg";
        options.add(editConfigurationFileExtend(featuresCfg, "featuresRepositories",
                new File(required("iothub.features")).toURI().toString()));
        // two stages: wrap: URLs work only once the wrap feature is up
        options.add(editConfigurationFilePut(featuresCfg, "featuresBoot",
                "(instance,package,log,framework,system,eventadmin,feature,shell,service,jaas,deployer,diagnostic,"
                                                                      + "wrap,bundle,config,kar)," + FEATURE));
        // Felix SCR (what Karaf's scr feature installs) for the Karaf example, which the test installs itself: its
        // configuration comes from EmulatorHost
        Path examBundles = Path.of(required("exam.bundles"));
        for (String scrJar : List.of("org.osgi.util.function-1.2.0.jar", "org.osgi.util.promise-1.3.0.jar",
                "org.osgi.service.component-1.5.1.jar", "org.apache.felix.scr-2.2.6.jar")) {
            options.add(bundle(examBundles.resolve(scrJar).toUri().toString()));
        }
        options.add(systemProperty(EXAMPLE_BUNDLE).value(new File(required(EXAMPLE_BUNDLE)).toURI().toString()));
        return options;
    }

    /** What Karaf's bin/karaf passes on Java 9+; Pax Exam's Java runner does not. */
    private static List<Option> jpmsOptions(String karafVersion) {
        List<Option> options = new ArrayList<>();
        for (String option : List.of(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")) {
            options.add(vmOption(option));
        }
        return options;
    }

    /** The component jar; run without the component in the reactor, Maven may hand over an older one from ~/.m2. */
    private static File componentBundle() throws IOException {
        File jar = new File(required("iothub.bundle"));
        try (JarFile file = new JarFile(jar)) {
            if (file.getManifest() == null || file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IllegalStateException(jar + " is not an OSGi bundle: build the component in the same reactor "
                                                + "(-pl camel-iothub-component,...,camel-iothub-karaf)");
            }
        }
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the test through failsafe");
        }
        return value;
    }
}

package io.cameliothub.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes Karaf's features-processing file (etc/org.apache.karaf.features.xml) that replaces camel-karaf's
 * {@code camel-core} feature by the plain Camel jars wrapped as bundles plus camel-core-osgi: camel-karaf's own
 * re-bundled jars cannot be fetched here. The component's features file stays as a user gets it.
 */
final class CamelCoreReplacement {

    /** The Camel jars a Java-DSL route with timer, log and direct needs (camel-support needs camel-xml-jaxp-util). */
    static final List<String> CAMEL_JARS = List.of(
            "camel-api", "camel-util", "camel-util-json", "camel-management-api", "camel-support",
            "camel-xml-jaxp-util", "camel-base", "camel-base-engine", "camel-core-engine", "camel-core-model",
            "camel-core-processor", "camel-core-reifier", "camel-core-languages", "camel-bean", "camel-timer",
            "camel-log", "camel-direct");

    private CamelCoreReplacement() {
    }

    static Path write(Path file, String camelVersion) throws IOException {
        String bundles = CAMEL_JARS.stream()
                .map(jar -> "        <f:bundle>" + xmlEscape(wrapUrl(jar, camelVersion)) + "</f:bundle>")
                .collect(Collectors.joining("\n"));
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <featuresProcessing xmlns="http://karaf.apache.org/xmlns/features-processing/v1.0.0"
                                    xmlns:f="http://karaf.apache.org/xmlns/features/v1.6.0">
                  <featureReplacements>
                    <replacement mode="replace">
                      <feature name="camel-core" version="%s">
                %s
                        <f:bundle>mvn:org.apache.camel.karaf/camel-core-osgi/%s</f:bundle>
                      </feature>
                    </replacement>
                  </featureReplacements>
                </featuresProcessing>
                """.formatted(camelVersion, bundles, camelVersion);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, xml);
    }

    /** Camel's own packages are imported mandatorily, so a missing jar shows up as a resolution error. */
    static String wrapUrl(String jar, String version) {
        String[] v = version.split("\\.");
        String minorRange = "[" + v[0] + "." + v[1] + "," + v[0] + "." + (Integer.parseInt(v[1]) + 1) + ")";
        return "wrap:mvn:org.apache.camel/" + jar + "/" + version
               + "$Bundle-SymbolicName=wrapped." + jar + "&Bundle-Version=" + version
               + "&Export-Package=org.apache.camel*;version=" + version
               + "&Import-Package=org.apache.camel*;version=\"" + minorRange + "\",*;resolution:=optional";
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}

package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes a live-object class histogram of this JVM (jcmd GC.class_histogram) to target/histograms/NAME.txt. */
final class Histogram {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private Histogram() {
    }

    static void write(String name) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] { new String[0] }, new String[] { String[].class.getName() });
            Path file = Path.of("target", "histograms", name + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.valueOf(text));
            LOG.info("class histogram written to {}", file.toAbsolutePath());
        } catch (Exception e) {
            LOG.warn("no class histogram for {}: {}", name, e.toString());
        }
    }
}

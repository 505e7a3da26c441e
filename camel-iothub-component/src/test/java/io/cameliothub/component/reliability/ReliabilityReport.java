package io.cameliothub.component.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One line per scenario and transport, printed and appended to target/reliability-results.txt, from which
 * docs/reliability.md's table is copied.
 */
final class ReliabilityReport {

    private static final Path FILE = Path.of("target", "reliability-results.txt");

    private ReliabilityReport() {
    }

    static synchronized void record(String scenario, Object transport, String counts) {
        String line = String.format("RELIABILITY %-22s %-9s %s", scenario, transport, counts);
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("could not append to " + FILE + ": " + e);
        }
    }
}

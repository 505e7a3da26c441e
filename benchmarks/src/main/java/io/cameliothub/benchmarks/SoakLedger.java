package io.cameliothub.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cameliothub.emulator.IotHubEmulator;

/**
 * The hub's side of the soak mode, in the emulator's JVM: every message id starting with {@code soak-} that the hub
 * accepted (a second copy counts as a duplicate), the check of the client's completed ids against it, and the faults.
 */
final class SoakLedger {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static final LongAdder DUPLICATES = new LongAdder();

    private SoakLedger() {
    }

    static void listen(IotHubEmulator hub) {
        hub.events().listen(e -> {
            String id = e.messageId();
            if (id != null && id.startsWith("soak-") && !SEEN.add(id)) {
                DUPLICATES.increment();
            }
        });
    }

    /**
     * {@code soak missing <file>}: how many ids of the file (one a line, completed exchanges) the hub never accepted;
     * {@code soak duplicates}; {@code soak fault drop-all | drop <device> | lose-ack <n> | throttle <ms> | refuse <ms>}.
     */
    static String answer(IotHubEmulator hub, String[] cmd) {
        switch (cmd[1]) {
            case "missing":
                try {
                    return Long.toString(Files.readAllLines(Path.of(cmd[2]), StandardCharsets.UTF_8).stream()
                            .filter(id -> !id.isEmpty() && !SEEN.contains(id)).count());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            case "duplicates":
                return Long.toString(DUPLICATES.sum());
            case "fault":
                return fault(hub, cmd);
            default:
                throw new IllegalArgumentException("unknown soak command " + cmd[1]);
        }
    }

    private static String fault(IotHubEmulator hub, String[] cmd) {
        switch (cmd[2]) {
            case "drop-all":
                hub.faults().dropAllConnections();
                return "ok";
            case "drop":
                return Boolean.toString(hub.faults().dropConnection(cmd[3]));
            case "lose-ack":
                hub.faults().loseAcknowledgements(Integer.parseInt(cmd[3]));
                return "ok";
            case "throttle":
                hub.faults().throttle(Duration.ofMillis(Long.parseLong(cmd[3])));
                return "ok";
            case "refuse":
                hub.faults().refuseConnections(Duration.ofMillis(Long.parseLong(cmd[3])));
                hub.faults().dropAllConnections();
                return "ok";
            default:
                throw new IllegalArgumentException("unknown soak fault " + cmd[2]);
        }
    }
}

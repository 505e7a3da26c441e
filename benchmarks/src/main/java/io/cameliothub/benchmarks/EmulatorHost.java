package io.cameliothub.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.Identity;

/**
 * The emulator's side of {@link EmulatorProcess}: runs in its own JVM (so its heap, GC and threads are not the
 * client's, as a real hub's are not) on IoT Hub's fixed ports, and answers one-line commands on stdin with one line
 * on stdout: {@code = answer} or {@code ! error}. It ends when stdin closes.
 */
public final class EmulatorHost {

    private EmulatorHost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (IotHubEmulator hub = IotHubEmulator.builder().hostName(Hub.HOST).start()) {
            LongAdder accepted = new LongAdder();
            hub.events().listen(e -> accepted.increment());
            SoakLedger.listen(hub);
            Path trust = hub.tls().writeTrustStore(dir.resolve("truststore.p12"));
            Path pem = hub.tls().writeCaCertificate(dir.resolve("ca.pem"));
            out.println("= ready " + trust.toAbsolutePath() + " " + pem.toAbsolutePath());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                try {
                    out.println("= " + answer(hub, accepted, line.trim().split(" ")));
                } catch (RuntimeException e) {
                    out.println("! " + e.toString().replace('\n', ' '));
                }
            }
        }
        System.exit(0);
    }

    private static String answer(IotHubEmulator hub, LongAdder accepted, String[] cmd) {
        switch (cmd[0]) {
            case "device":
                return hub.registry().addDevice(cmd[1]).connectionString();
            case "devices": { // prefix count: registers prefix-0 .. prefix-(count-1)
                int count = Integer.parseInt(cmd[2]);
                for (int i = 0; i < count; i++) {
                    hub.registry().addDevice(cmd[1] + "-" + i);
                }
                return Integer.toString(count);
            }
            case "policy": {
                AccessPolicy p = hub.registry().policy(DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow();
                return p.name() + " " + p.primaryKey();
            }
            case "count":
                return Long.toString(accepted.sum());
            case "clear":
                hub.events().clear();
                accepted.reset();
                return "ok";
            case "trim": // drops the stored events (their bodies) but keeps the count
                hub.events().clear();
                return "ok";
            case "c2d": { // deviceId messageId: answers the System.nanoTime() at the start of the enqueue
                long at = System.nanoTime();
                hub.sendC2d(cmd[1], C2dMessage.builder().body("ping").messageId(cmd[2]).build());
                return Long.toString(at);
            }
            case "amqp": // live connections, connections accepted since start
                return hub.amqp().liveConnections() + " " + hub.amqp().acceptedConnections();
            case "tokens": { // prefix count: CBS put-tokens of prefix-0 .. prefix-(count-1), summed
                int count = Integer.parseInt(cmd[2]);
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += hub.amqp().putTokens(Identity.device(cmd[1] + "-" + i));
                }
                return Long.toString(sum);
            }
            case "methods": // deviceId count: calls method "ping" count times, one after the other
                return methodRoundTrips(hub, cmd[1], Integer.parseInt(cmd[2]));
            case "desired": // deviceId n: patches desired {"n": n}
                hub.patchDesired(cmd[1], "{\"n\":" + Long.parseLong(cmd[2]) + "}");
                return "ok";
            case "drop":
                return Boolean.toString(hub.faults().dropConnection(cmd[1]));
            case "stall": // millis: no D2C acknowledgement for that long, then all of them
                return stall(hub, Long.parseLong(cmd[1]));
            case "soak": // the soak mode's ledger and faults: see SoakLedger
                return SoakLedger.answer(hub, cmd);
            default:
                throw new IllegalArgumentException("unknown command " + cmd[0]);
        }
    }

    /**
     * A hub stall: every D2C message accepted during the next {@code millis} is acknowledged only when the stall ends
     * (within a {@value #STALL_STEP_MS} ms step), through the emulator's delayed-acknowledgement fault, re-armed each
     * step with the time left.
     */
    private static String stall(IotHubEmulator hub, long millis) {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        java.util.concurrent.ScheduledExecutorService steps = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "hub-stall");
                    t.setDaemon(true);
                    return t;
                });
        Runnable step = () -> {
            long left = end - System.nanoTime();
            if (left <= 0) {
                steps.shutdown();
                return;
            }
            hub.faults().delayAcknowledgements(java.time.Duration.ofNanos(left),
                    java.time.Duration.ofMillis(Math.min(STALL_STEP_MS * 2, left / 1_000_000 + 1)));
        };
        step.run();
        steps.scheduleAtFixedRate(step, STALL_STEP_MS, STALL_STEP_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        return "ok";
    }

    private static final long STALL_STEP_MS = 10;

    /** Round trips measured here, at the hub, so no pipe hop is in them: "millis,millis,... failures". */
    private static String methodRoundTrips(IotHubEmulator hub, String deviceId, int count) {
        StringBuilder millis = new StringBuilder();
        int failures = 0;
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                hub.invokeMethod(deviceId, "ping", "{}").get(30, java.util.concurrent.TimeUnit.SECONDS);
                millis.append(millis.length() == 0 ? "" : ",").append((System.nanoTime() - start) / 1e6);
            } catch (Exception e) {
                failures++;
            }
        }
        return millis + " " + failures;
    }
}

package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks against the emulator in its own JVM and prints Markdown tables. {@code smoke} runs tiny counts
 * (its figures mean nothing) and a small gateway run that must end with nothing failed and nothing lost: it exits
 * with status 1 otherwise.
 */
public final class BenchmarkMain {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("benchmark {}", settings);
        long start = System.nanoTime();
        Profiler profiler = new Profiler();
        List<Table> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean gatewayOk = true;
        if (settings.mode().equals("soak")) {
            boolean passed;
            try (Hub hub = new Hub()) {
                passed = new Soak(hub, settings.integer("minutes"), settings.integer("amqpDevices"),
                        settings.integer("mqttDevices"), settings.integer("faultEvery"), settings.integer("seed")).run();
            }
            System.out.println(machine());
            System.exit(passed ? 0 : 1);
        }
        try (Hub hub = new Hub()) {
            if (settings.runs("d2c")) {
                tables.add(new D2cSuite(settings, hub, profiler).run());
            }
            if (settings.runs("c2d")) {
                tables.add(new C2dSuite(settings, hub).run());
            }
            if (settings.runs("twins")) {
                tables.add(new TwinSuite(settings, hub).run());
            }
            if (settings.runs("density")) {
                tables.add(new DensitySuite(settings, hub).run());
            }
            if (settings.runs("gateway")) {
                Table gateway = GatewayResult.table();
                Table stalls = GatewayResult.stallTable();
                if (settings.integer("gatewayWarmup") > 0) { // JIT and TLS warm-up, so the first row is not the slowest
                    for (String route : settings.list("routes")) {
                        gatewayRun(hub, new GatewayPlan(500, settings.integer("gatewayWarmup"),
                                settings.string("gatewayProtocol"), route, settings.integer("connectLimit"), 0, 0),
                                profiler);
                    }
                }
                for (int devices : settings.ints("devices")) {
                    for (String route : settings.list("routes")) {
                        GatewayPlan plan = new GatewayPlan(devices, settings.integer("seconds"),
                                settings.string("gatewayProtocol"), route, settings.integer("connectLimit"),
                                settings.integer("cacheSize"), settings.integer("stall"));
                        GatewayResult r = gatewayRun(hub, plan, profiler);
                        if (r == null) {
                            gatewayOk = false;
                            notes.add("gateway " + plan.label() + ", " + devices + " devices: the run itself failed "
                                      + "(see the log)");
                            continue;
                        }
                        r.addTo(gateway);
                        r.addStallTo(stalls);
                        notes.add(r.details());
                        gatewayOk &= r.allFailed() == 0 && r.lost() == 0 && r.completedInAll() > 0;
                    }
                }
                tables.add(gateway);
                if (settings.integer("stall") > 0) {
                    tables.add(stalls);
                }
            }
        }
        System.out.println();
        System.out.println(machine());
        System.out.printf(Locale.ROOT, "Run: %s, %s, %.0f s wall time%n", Instant.now(), settings,
                (System.nanoTime() - start) / 1e9);
        tables.forEach(t -> System.out.println(t.render()));
        notes.forEach(System.out::println);
        if (settings.smoke() && !gatewayOk) {
            System.out.println("SMOKE FAILED: the gateway run had failed or lost exchanges");
            System.exit(1);
        }
        System.exit(0); // the SDK leaves non-daemon threads behind
    }

    private static GatewayResult gatewayRun(Hub hub, GatewayPlan plan, Profiler profiler) {
        try {
            GatewayResult r = new Gateway(hub, plan).run(profiler);
            LOG.info(r.details());
            return r;
        } catch (Exception e) {
            LOG.error("gateway run {} with {} devices failed", plan.label(), plan.devices(), e);
            return null;
        }
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d cores, Java %s (%s), client max heap %d MB, %s %s, load average "
                + "%.2f at the end; the emulator runs in its own JVM", rt.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), rt.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), ManagementFactory.getOperatingSystemMXBean().getArch(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}

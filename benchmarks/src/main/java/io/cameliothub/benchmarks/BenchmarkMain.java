package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every benchmark against the embedded emulator and prints one table: each figure beside a baseline measured in
 * the same run, and their ratio. {@code smoke} runs tiny counts (it only proves the code works; its figures mean
 * nothing).
 */
public final class BenchmarkMain {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private record Settings(int warmups, int iterations, int messages1k, int messages16k, int c2dMessages,
                            int[] densities) {
        static Settings of(String[] args) {
            String mode = args.length > 0 ? args[0] : "full";
            if ("density".equals(mode)) { // tiny throughput counts, one real gateway size
                return new Settings(0, 1, 50, 10, 5, new int[] { 1000 });
            }
            return "smoke".equals(mode) ? new Settings(0, 1, 50, 10, 5, new int[] { 10 })
                    : new Settings(1, 3, 10_000, 2_000, 200, new int[] { 100, 1000, 5000 });
        }
    }

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table();

    private BenchmarkMain(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(args);
        try (Hub hub = new Hub()) {
            BenchmarkMain bench = new BenchmarkMain(settings, hub);
            bench.run();
            System.out.println();
            System.out.println(machine());
            System.out.println(bench.table.render());
        }
        System.exit(0); // the SDK leaves non-daemon threads behind
    }

    private void run() throws Exception {
        for (int size : new int[] { 1024, 16 * 1024 }) {
            int count = size == 1024 ? settings.messages1k : settings.messages16k;
            int syncCount = Math.min(count, 500); // camel-paho waits for each PUBACK: a few hundred tell its rate
            String kb = size / 1024 + " KB";
            double ours = throughput(() -> new CamelIotHubD2c(IotHubProtocol.MQTT, 256), count, size);
            table.add("D2C MQTT " + kb, ours, "iot-device-client 2.5.0", throughput(() -> new SdkD2c(IotHubClientProtocol.MQTT), count, size), "msg/s", true);
            table.add("D2C MQTT " + kb, ours, "raw Paho, window 1000 (wire ceiling)", throughput(PahoD2c::new, count, size), "msg/s", true);
            table.add("D2C MQTT " + kb, ours, "camel-paho 4.17 (sync producer)", throughput(CamelPahoD2c::new, syncCount, size), "msg/s", true);
            double oursWs = throughput(() -> new CamelIotHubD2c(IotHubProtocol.MQTT_WS, 256), count, size);
            table.add("D2C MQTT_WS " + kb, oursWs, "iot-device-client 2.5.0", throughput(() -> new SdkD2c(IotHubClientProtocol.MQTT_WS), count, size), "msg/s", true);
            double amqps = throughput(() -> new CamelIotHubD2c(IotHubProtocol.AMQPS, 256), count, size);
            table.add("D2C AMQPS " + kb, amqps, "iot-device-client 2.5.0", throughput(() -> new SdkD2c(IotHubClientProtocol.AMQPS), count, size), "msg/s", true);
            table.add("D2C AMQPS " + kb, amqps, "raw proton-j, link credit (wire ceiling)", throughput(ProtonD2c::new, count, size), "msg/s", true);
            double amqpsWs = throughput(() -> new CamelIotHubD2c(IotHubProtocol.AMQPS_WS, 256), count, size);
            table.add("D2C AMQPS_WS " + kb, amqpsWs, "iot-device-client 2.5.0", throughput(() -> new SdkD2c(IotHubClientProtocol.AMQPS_WS), count, size), "msg/s", true);
            int httpsCount = Math.max(10, count / 20);
            double https = throughput(() -> new CamelIotHubD2c(IotHubProtocol.HTTPS, 8), httpsCount, size);
            table.add("D2C HTTPS single " + kb, https, "iot-device-client 2.5.0", throughput(() -> new SdkD2c(IotHubClientProtocol.HTTPS), httpsCount, size), "msg/s", true);
            int batch = size == 1024 ? 100 : 10;
            double httpsBatch = throughput(() -> new CamelIotHubBatchD2c(batch), count, size);
            table.add("D2C HTTPS batch " + kb, httpsBatch, "iot-device-client 2.5.0 sendEventsAsync", throughput(() -> new SdkBatchD2c(batch), count, size), "msg/s", true);
        }
        c2dLatency(IotHubProtocol.MQTT, IotHubClientProtocol.MQTT);
        c2dLatency(IotHubProtocol.AMQPS, IotHubClientProtocol.AMQPS);
        for (int n : settings.densities) {
            density(n);
        }
    }

    private void density(int devices) {
        Density.Result ours = measureDensity(() -> Density.camelIotHub(hub, devices), "camel-iothub", devices);
        Density.Result sdk = measureDensity(() -> Density.sdkMultiplexing(hub, devices), "SDK MultiplexingClient", devices);
        String baseline = "iot-device-client MultiplexingClient";
        table.add("AMQPS gateway, " + devices + " devices: time to connect all", ours.seconds(), baseline, sdk.seconds(), "s", false);
        table.add("AMQPS gateway, " + devices + " devices: heap per device", ours.heapKbPerDevice(), baseline, sdk.heapKbPerDevice(), "KB", false);
        table.add("AMQPS gateway, " + devices + " devices: threads added", ours.threadsAdded(), baseline, sdk.threadsAdded(), "threads", false);
    }

    private interface DensityRun {
        Density.Result run() throws Exception;
    }

    private Density.Result measureDensity(DensityRun run, String name, int devices) {
        try {
            Density.Result r = run.run();
            LOG.info("{} {} devices: {}", name, devices, r);
            return r;
        } catch (Throwable e) {
            LOG.error("{} with {} devices failed: {}", name, devices, e.toString());
            return Density.Result.FAILED;
        } finally {
            hub.emulator().events().clear();
        }
    }

    private double throughput(Supplier<D2cClient> factory, int count, int size) throws Exception {
        byte[] payload = new byte[size];
        DeviceInfo device = hub.newDevice("d2c");
        List<Double> rates = new ArrayList<>();
        String name;
        try (D2cClient client = factory.get()) {
            name = client.name();
            client.open(hub, device.connectionString(), device.deviceId());
            for (int i = 0; i < settings.warmups + settings.iterations; i++) {
                long start = System.nanoTime();
                client.send(count, payload);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i >= settings.warmups) {
                    rates.add(count / seconds);
                }
                hub.emulator().events().clear();
            }
        } catch (Exception e) {
            LOG.error("a D2C run failed", e);
            return Double.NaN;
        }
        double median = Stats.median(rates);
        LOG.info("{} {} x {} B: {} msg/s (runs {})", name, count, size, String.format(Locale.ROOT, "%.0f", median), rates);
        return median;
    }

    private void c2dLatency(IotHubProtocol ours, IotHubClientProtocol sdk) throws Exception {
        double[] camel = latencies(new CamelIotHubC2d(ours));
        double[] base = latencies(new SdkC2d(sdk));
        for (String p : new String[] { "p50", "p99", "max" }) {
            double a = pick(camel, p);
            double b = pick(base, p);
            table.add("C2D latency " + ours + " " + p, a, "iot-device-client 2.5.0", b, "ms", false);
        }
    }

    private static double pick(double[] values, String which) {
        return switch (which) {
            case "p50" -> Stats.percentile(values, 50);
            case "p99" -> Stats.percentile(values, 99);
            default -> Stats.max(values);
        };
    }

    /** Enqueues messages one at a time and times each from the emulator's enqueue to the client's callback. */
    private double[] latencies(C2dClient client) throws Exception {
        DeviceInfo device = hub.newDevice("c2d");
        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        int warm = Math.min(20, settings.c2dMessages);
        double[] millis = new double[settings.c2dMessages];
        try (client) {
            client.open(hub, device.connectionString(), device.deviceId(), arrivals::add);
            for (int i = -warm; i < settings.c2dMessages; i++) {
                String id = "lat-" + i;
                long start = System.nanoTime();
                hub.emulator().sendC2d(device.deviceId(), C2dMessage.builder().body("ping").messageId(id).build());
                String arrived;
                do {
                    arrived = arrivals.poll(30, TimeUnit.SECONDS);
                    if (arrived == null) {
                        throw new IllegalStateException(client.name() + ": message " + id + " did not arrive");
                    }
                } while (!id.equals(arrived));
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
        } catch (Exception e) {
            LOG.error("{} C2D latency failed: {}", client.name(), e.toString());
            return new double[0];
        }
        return millis;
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Machine: %d cores, Java %s (%s), max heap %d MB, %s %s", rt.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), rt.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), ManagementFactory.getOperatingSystemMXBean().getArch());
    }
}

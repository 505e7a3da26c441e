package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.cameliothub.component.IotHubProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C2D latency, one message at a time: from the start of the enqueue in the hub's process to the client's callback,
 * both read from {@code System.nanoTime()}, which on Linux is the system-wide monotonic clock (checked: the enqueue
 * must fall between the command and the arrival). The emulator's answer is read only after the arrival, so neither
 * process's main thread is awake while the message travels. Clients ({@code clients}): camel-iothub, the raw
 * ceilings (Paho on the device-bound topic, a bare proton-j receiver on the device-bound link) and the official SDK.
 */
final class C2dSuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table("C2D latency, enqueue to callback (ms)", "figure", "client", "p50", "p90",
            "p99", "p99.9", "max", "camel-iothub p99 / this p99", "load average");

    C2dSuite(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    Table run() throws Exception {
        latency(IotHubProtocol.MQTT, PahoC2d::new, IotHubClientProtocol.MQTT);
        latency(IotHubProtocol.AMQPS, RawAmqpC2d::new, IotHubClientProtocol.AMQPS);
        return table;
    }

    private void latency(IotHubProtocol ours, Supplier<C2dClient> raw, IotHubClientProtocol sdk) {
        double camelP99 = Double.NaN;
        if (settings.list("clients").contains("camel")) {
            camelP99 = row(ours, () -> new CamelIotHubC2d(ours), Double.NaN);
        }
        if (settings.list("clients").contains("raw")) {
            row(ours, raw, camelP99);
        }
        if (settings.list("clients").contains("sdk")) {
            row(ours, () -> new SdkC2d(sdk), camelP99);
        }
    }

    /** Measures one client, adds its row and returns its p99. */
    private double row(IotHubProtocol protocol, Supplier<C2dClient> clients, double camelP99) {
        C2dClient client = clients.get();
        double[] sorted = latencies(client);
        Arrays.sort(sorted);
        double p99 = Stats.percentileOfSorted(sorted, 99);
        table.row("C2D " + protocol, client.name(), ms(Stats.percentileOfSorted(sorted, 50)),
                ms(Stats.percentileOfSorted(sorted, 90)), ms(p99), ms(Stats.percentileOfSorted(sorted, 99.9)),
                ms(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]),
                Double.isNaN(camelP99) ? "" : Table.ratio(camelP99, p99, false),
                String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return p99;
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "failed" : String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.2f", value);
    }

    /** One client's latencies; a client that cannot connect gets an empty row ("failed") with the reason logged. */
    private double[] latencies(C2dClient client) {
        Hub.Device device = hub.newDevice("c2d");
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        Consumer<String> onMessageId = id -> arrivals.add(new Arrival(id, System.nanoTime()));
        int count = settings.integer("c2dMessages");
        int warm = settings.integer("c2dWarmup"); // unmeasured: JIT compiles (C2 after ~5,000 calls) in both JVMs
        double[] millis = new double[count];
        try {
            client.open(hub, device.connectionString(), device.deviceId(), onMessageId);
        } catch (Exception e) {
            close(client);
            LOG.error("{} C2D latency failed: {}", client.name(), e.toString());
            return new double[0];
        }
        try (C2dClient open = client) {
            for (int i = -warm; i < count; i++) {
                String id = "lat-" + i;
                long sent = System.nanoTime();
                hub.sendC2d(device.deviceId(), id);
                Arrival arrived;
                do {
                    arrived = arrivals.poll(30, TimeUnit.SECONDS);
                    if (arrived == null) {
                        hub.c2dEnqueuedAt(id); // the answer, so the next command reads its own
                        throw new IllegalStateException(open.name() + ": message " + id + " did not arrive");
                    }
                } while (!id.equals(arrived.messageId()));
                long enqueued = hub.c2dEnqueuedAt(id);
                if (enqueued < sent || enqueued > arrived.nanos()) {
                    throw new IllegalStateException("the hub's clock is not this process's: enqueued at " + enqueued
                            + " ns, sent at " + sent + ", arrived at " + arrived.nanos());
                }
                if (i >= 0) {
                    millis[i] = (arrived.nanos() - enqueued) / 1e6;
                }
            }
        } catch (Exception e) {
            LOG.error("{} C2D latency failed: {}", client.name(), e.toString());
            return new double[0];
        }
        return millis;
    }

    /** A message id and when the client's callback saw it. */
    private record Arrival(String messageId, long nanos) {
    }

    private static void close(C2dClient client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("{}: close failed: {}", client.name(), e.toString());
        }
    }
}

package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.cameliothub.component.IotHubProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C2D latency, one message at a time: from the command that makes the hub enqueue it (one pipe hop to the emulator's
 * process, the same for every client) to the client's callback. Clients ({@code clients}): camel-iothub, the raw
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
        double[] sorted = latencies(client, clients);
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

    /**
     * One client's latencies. A client that cannot connect gets one more try with a fresh instance: the first raw
     * proton-j connection of a JVM gets no SASL answer from the emulator (cause not found; the second one works).
     */
    private double[] latencies(C2dClient first, Supplier<C2dClient> clients) {
        Hub.Device device = hub.newDevice("c2d");
        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        int count = settings.integer("c2dMessages");
        int warm = Math.min(20, count);
        double[] millis = new double[count];
        C2dClient client = first;
        try {
            client.open(hub, device.connectionString(), device.deviceId(), arrivals::add);
        } catch (Exception e) {
            LOG.warn("{}: the first connection failed ({}), trying once more", client.name(), e.toString());
            close(client);
            client = clients.get();
        }
        try (C2dClient open = client) {
            if (open != first) {
                open.open(hub, device.connectionString(), device.deviceId(), arrivals::add);
            }
            for (int i = -warm; i < count; i++) {
                String id = "lat-" + i;
                long start = System.nanoTime();
                hub.sendC2d(device.deviceId(), id);
                String arrived;
                do {
                    arrived = arrivals.poll(30, TimeUnit.SECONDS);
                    if (arrived == null) {
                        throw new IllegalStateException(open.name() + ": message " + id + " did not arrive");
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

    private static void close(C2dClient client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("{}: close failed: {}", client.name(), e.toString());
        }
    }
}

package io.cameliothub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.cameliothub.component.IotHubProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * D2C throughput, one device per client: for each protocol and payload size, camel-iothub first, then the raw wire
 * ceiling, the official SDK and (MQTT) camel-paho, each measured over the same iterations after warm-up, with the
 * client process's CPU seconds per 10,000 messages.
 */
final class D2cSuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private final Settings settings;
    private final Hub hub;
    private final Profiler profiler;
    private final Table table = new Table("D2C throughput, one device (median of the measured iterations, min-max)",
            "figure", "client", "msg/s", "client CPU s / 10k msgs", "camel-iothub / this (msg/s)",
            "camel-iothub / this (CPU)", "note");

    D2cSuite(Settings settings, Hub hub, Profiler profiler) {
        this.settings = settings;
        this.hub = hub;
        this.profiler = profiler;
    }

    Table run() throws Exception {
        for (int kb : settings.ints("sizes")) {
            int size = kb * 1024;
            int count = Math.max(10, settings.integer("messages") / (kb == 1 ? 1 : 8));
            for (String p : settings.list("protocols")) {
                figure(p, size, count);
            }
        }
        return table;
    }

    private record Candidate(String kind, Supplier<D2cClient> factory, int count) {
    }

    private void figure(String protocol, int size, int count) throws Exception {
        int window = settings.integer("maxInFlight");
        int httpsCount = Math.max(10, count / 20);
        List<Candidate> candidates = new ArrayList<>();
        switch (protocol) {
            case "MQTT", "MQTT_WS" -> {
                boolean ws = protocol.equals("MQTT_WS");
                candidates.add(new Candidate("camel", () -> new CamelIotHubD2c(IotHubProtocol.valueOf(protocol), window), count));
                candidates.add(new Candidate("raw", () -> new PahoD2c(ws, window), count));
                candidates.add(new Candidate("raw", () -> new PahoD2c(ws, 5000), count));
                candidates.add(new Candidate("sdk", () -> new SdkD2c(IotHubClientProtocol.valueOf(protocol)), count));
                if (!ws) { // camel-paho waits for each PUBACK: a few hundred tell its rate
                    candidates.add(new Candidate("paho", CamelPahoD2c::new, Math.min(count, 500)));
                }
            }
            case "AMQPS", "AMQPS_WS" -> {
                boolean ws = protocol.equals("AMQPS_WS");
                candidates.add(new Candidate("camel", () -> new CamelIotHubD2c(IotHubProtocol.valueOf(protocol), window), count));
                candidates.add(new Candidate("raw", () -> new RawAmqpD2c(ws, 0), count));
                candidates.add(new Candidate("raw", () -> new RawAmqpD2c(ws, window), count));
                candidates.add(new Candidate("sdk", () -> new SdkD2c(IotHubClientProtocol.valueOf(protocol)), count));
            }
            case "HTTPS" -> {
                candidates.add(new Candidate("camel", () -> new CamelIotHubD2c(IotHubProtocol.HTTPS, 8), httpsCount));
                candidates.add(new Candidate("sdk", () -> new SdkD2c(IotHubClientProtocol.HTTPS), httpsCount));
            }
            case "HTTPS_BATCH" -> {
                int batch = size == 1024 ? 100 : 10;
                candidates.add(new Candidate("camel", () -> new CamelIotHubBatchD2c(batch), count));
                candidates.add(new Candidate("sdk", () -> new SdkBatchD2c(batch), count));
            }
            default -> throw new IllegalArgumentException("protocols: unknown " + protocol
                    + ", expected MQTT, MQTT_WS, AMQPS, AMQPS_WS, HTTPS, HTTPS_BATCH");
        }
        String figure = "D2C " + protocol + " " + size / 1024 + " KB";
        Measured ours = null;
        List<String> clients = settings.list("clients");
        for (Candidate c : candidates) {
            if (!clients.contains(c.kind)) {
                continue;
            }
            String label = c.kind.equals("camel") ? figure.replace(' ', '-') : null;
            Measured m = measure(c.factory, c.count, size, label);
            if (c.kind.equals("camel")) {
                ours = m;
            }
            table.row(figure, m.client(), m.spread(), m.cpu(), ratio(ours, m, false), ratio(ours, m, true),
                    note(c.kind, ours, m));
        }
    }

    private static String ratio(Measured ours, Measured other, boolean cpu) {
        if (ours == null || ours == other || !ours.ok() || !other.ok()) {
            return "";
        }
        return cpu ? String.format(Locale.ROOT, "%.2fx", ours.cpuMedian() / other.cpuMedian())
                : String.format(Locale.ROOT, "%.2fx", ours.median() / other.median());
    }

    private static String note(String kind, Measured ours, Measured m) {
        if (!kind.equals("raw") || ours == null || !ours.ok() || !m.ok()) {
            return "";
        }
        return m.median() >= ours.median() ? "ceiling holds (>= camel-iothub)"
                : "NOT A CEILING: below camel-iothub";
    }

    private static void closeQuietly(D2cClient client, String name) {
        try {
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            LOG.warn("{}: closing failed after the measurement: {}", name, e.toString());
        }
    }

    /** Warm-up iterations, then the measured ones; each one sends {@code count} messages and waits for every ack. */
    private Measured measure(Supplier<D2cClient> factory, int count, int size, String profileLabel) {
        byte[] payload = new byte[size];
        Hub.Device device = hub.newDevice("d2c");
        List<Double> rates = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        String name = "?";
        int warmups = settings.integer("warmups");
        D2cClient client = null;
        try {
            client = factory.get();
            name = client.name();
            client.open(hub, device.connectionString(), device.deviceId());
            Runnable stopProfile = () -> {
            };
            for (int i = 0; i < warmups + settings.integer("iterations"); i++) {
                if (i == warmups && profileLabel != null) {
                    stopProfile = profiler.start(profileLabel);
                }
                double cpu0 = ClientCpu.processSeconds();
                long start = System.nanoTime();
                client.send(count, payload);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = ClientCpu.processSeconds() - cpu0;
                if (i >= warmups) {
                    rates.add(count / seconds);
                    cpu.add(cpuSeconds * 10_000 / count);
                }
                hub.clearEvents();
            }
            stopProfile.run();
        } catch (Exception e) {
            LOG.error("{}: a D2C run failed", name, e);
            return Measured.failed(name);
        } finally {
            closeQuietly(client, name);
        }
        Measured m = new Measured(name, rates, cpu);
        LOG.info("{} {} x {} B: {} msg/s, CPU {} s/10k", name, count, size, m.spread(), m.cpu());
        return m;
    }
}

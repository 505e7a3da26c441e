package io.cameliothub.benchmarks;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import io.cameliothub.component.IotHubProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C2D latency, one message at a time: from the command that makes the hub enqueue it (one pipe hop to the emulator's
 * process, the same for every client) to the client's callback.
 */
final class C2dSuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table("C2D latency, enqueue to callback", "figure", "camel-iothub", "baseline",
            "baseline value", "ratio");

    C2dSuite(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    Table run() throws Exception {
        latency(IotHubProtocol.MQTT, IotHubClientProtocol.MQTT);
        latency(IotHubProtocol.AMQPS, IotHubClientProtocol.AMQPS);
        return table;
    }

    private void latency(IotHubProtocol ours, IotHubClientProtocol sdk) throws Exception {
        double[] camel = latencies(new CamelIotHubC2d(ours));
        double[] base = latencies(new SdkC2d(sdk));
        for (String p : new String[] { "p50", "p99", "max" }) {
            table.compare("C2D latency " + ours + " " + p, pick(camel, p), "iot-device-client 2.5.0", pick(base, p),
                    "ms", false);
        }
    }

    private static double pick(double[] values, String which) {
        return switch (which) {
            case "p50" -> Stats.percentile(values, 50);
            case "p99" -> Stats.percentile(values, 99);
            default -> Stats.max(values);
        };
    }

    private double[] latencies(C2dClient client) {
        Hub.Device device = hub.newDevice("c2d");
        BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        int count = settings.integer("c2dMessages");
        int warm = Math.min(20, count);
        double[] millis = new double[count];
        try (client) {
            client.open(hub, device.connectionString(), device.deviceId(), arrivals::add);
            for (int i = -warm; i < count; i++) {
                String id = "lat-" + i;
                long start = System.nanoTime();
                hub.sendC2d(device.deviceId(), id);
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
}

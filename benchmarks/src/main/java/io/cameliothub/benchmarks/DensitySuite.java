package io.cameliothub.benchmarks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway density over AMQPS: connect time, heap and threads per device, camel-iothub beside the SDK's
 * MultiplexingClient. The emulator runs in its own JVM, so the heap is the client's alone.
 */
final class DensitySuite {

    private static final Logger LOG = LoggerFactory.getLogger("bench");

    private final Settings settings;
    private final Hub hub;
    private final Table table = new Table("Gateway density over AMQPS (producers started directly)", "figure",
            "camel-iothub", "baseline", "baseline value", "ratio");

    DensitySuite(Settings settings, Hub hub) {
        this.settings = settings;
        this.hub = hub;
    }

    Table run() {
        for (int devices : settings.ints("densities")) {
            Density.Result ours = measure(() -> Density.camelIotHub(hub, devices), "camel-iothub", devices);
            Density.Result sdk = measure(() -> Density.sdkMultiplexing(hub, devices), "SDK MultiplexingClient", devices);
            String baseline = "iot-device-client MultiplexingClient";
            String figure = "AMQPS gateway, " + devices + " devices: ";
            table.compare(figure + "time to connect all", ours.seconds(), baseline, sdk.seconds(), "s", false);
            table.compare(figure + "heap per device", ours.heapKbPerDevice(), baseline, sdk.heapKbPerDevice(), "KB", false);
            table.compare(figure + "threads added", ours.threadsAdded(), baseline, sdk.threadsAdded(), "threads", false);
        }
        return table;
    }

    private interface Run {
        Density.Result run() throws Exception;
    }

    private Density.Result measure(Run run, String name, int devices) {
        try {
            Density.Result r = run.run();
            LOG.info("{} {} devices: {}", name, devices, r);
            return r;
        } catch (Throwable e) {
            LOG.error("{} with {} devices failed: {}", name, devices, e.toString());
            return Density.Result.FAILED;
        } finally {
            hub.clearEvents();
        }
    }
}

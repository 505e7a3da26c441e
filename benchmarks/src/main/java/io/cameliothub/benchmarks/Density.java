package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.MultiplexingClient;
import com.microsoft.azure.sdk.iot.device.MultiplexingClientOptions;
import io.cameliothub.component.IotHubComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Gateway density over AMQPS: how long until N devices are connected and authenticated, and the heap and threads they
 * cost in this (the client's) JVM, measured by its own MX beans; the emulator runs in another process.
 */
final class Density {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("bench");

    record Result(double seconds, double heapKbPerDevice, double threadsAdded) {
        static final Result FAILED = new Result(Double.NaN, Double.NaN, Double.NaN);
    }

    private static final int SDK_MAX_PER_CLIENT = 1000;

    private Density() {
    }

    static Result camelIotHub(Hub hub, int count) throws Exception {
        List<Hub.Device> devices = register(hub, "gw", count);
        Baseline base = Baseline.take();
        return camelConnected(hub, devices, base).released("camel-iothub-" + count, count); // the context is out of reach
    }

    private static Connected camelConnected(Hub hub, List<Hub.Device> devices, Baseline base) throws Exception {
        int count = devices.size();
        long start = System.nanoTime();
        CamelContext context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        context.addComponent("iothub", component);
        context.start();
        ExecutorService starters = Executors.newFixedThreadPool(32);
        List<Future<Producer>> started = new ArrayList<>();
        List<Producer> producers = Collections.synchronizedList(new ArrayList<>());
        try {
            for (Hub.Device d : devices) {
                started.add(starters.submit(() -> {
                    Producer p = context.getEndpoint("iothub:" + d.deviceId() + "?protocol=AMQPS&connectionString=RAW("
                                                     + d.connectionString() + ")").createProducer();
                    producers.add(p);
                    p.start();
                    return p;
                }));
            }
            for (Future<Producer> f : started) {
                f.get(10, TimeUnit.MINUTES);
            }
            starters.shutdown();
            starters.awaitTermination(1, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            Connected up = base.connected(seconds);
            Histogram.write("camel-iothub-" + count);
            return up;
        } finally {
            starters.shutdownNow();
            producers.forEach(ServiceHelper::stopService); // started by hand, so the context does not stop them
            context.stop();
        }
    }

    static Result sdkMultiplexing(Hub hub, int count) throws Exception {
        List<Hub.Device> devices = register(hub, "mux", count);
        Baseline base = Baseline.take();
        return sdkConnected(hub, devices, base).released("sdk-multiplexing-" + count, count); // the clients are out of reach
    }

    private static Connected sdkConnected(Hub hub, List<Hub.Device> devices, Baseline base) throws Exception {
        int count = devices.size();
        long start = System.nanoTime();
        List<MultiplexingClient> muxes = new ArrayList<>();
        try {
            for (int from = 0; from < count; from += SDK_MAX_PER_CLIENT) {
                MultiplexingClient mux = new MultiplexingClient(Hub.HOST, IotHubClientProtocol.AMQPS,
                        MultiplexingClientOptions.builder().sslContext(hub.sslContext()).build());
                muxes.add(mux);
                mux.open(false);
                List<DeviceClient> clients = new ArrayList<>();
                for (Hub.Device d : devices.subList(from, Math.min(count, from + SDK_MAX_PER_CLIENT))) {
                    clients.add(new DeviceClient(d.connectionString(), IotHubClientProtocol.AMQPS,
                            ClientOptions.builder().sslContext(hub.sslContext()).build()));
                }
                mux.registerDeviceClients(clients, 10 * 60_000L);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Connected up = base.connected(seconds);
            Histogram.write("sdk-multiplexing-" + count);
            return up;
        } finally {
            muxes.forEach(MultiplexingClient::close);
        }
    }

    private static List<Hub.Device> register(Hub hub, String prefix, int count) {
        List<Hub.Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(hub.newDevice(prefix + count));
        }
        return devices;
    }

    private record Baseline(long heap, int threads) {
        static Baseline take() {
            return new Baseline(usedHeap(), ManagementFactory.getThreadMXBean().getThreadCount());
        }

        Connected connected(double seconds) {
            return new Connected(this, seconds, usedHeap(), ManagementFactory.getThreadMXBean().getThreadCount());
        }
    }

    /**
     * The heap per device is what closing the devices gave back (held while connected minus left after closing, both
     * after full collections): garbage or late frees of an earlier run that fall between the baseline and the
     * connected read would otherwise shrink (or swell) a rise measured from before the run.
     */
    private record Connected(Baseline base, double seconds, long heap, int threads) {
        Result released(String name, int count) throws InterruptedException {
            long quiet = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // closing threads drop what they hold
            while (ManagementFactory.getThreadMXBean().getThreadCount() > base.threads && System.nanoTime() < quiet) {
                Thread.sleep(100);
            }
            long after = usedHeap();
            Histogram.write(name + "-closed");
            double rise = Math.max(0, heap - base.heap) / 1024.0 / count;
            double freed = Math.max(0, heap - after) / 1024.0 / count;
            LOG.info("{} devices: heap {} MB before, {} MB connected, {} MB after closing: {} KB per device freed on "
                     + "closing, {} KB risen from before", count, mb(base.heap), mb(heap), mb(after),
                    String.format("%.2f", freed), String.format("%.2f", rise));
            return new Result(seconds, freed, threads - base.threads);
        }
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** The least of three reads, each after full collections a moment apart: late frees must not count. */
    private static long usedHeap() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            least = Math.min(least, ClientCpu.heapAfterGc());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return least;
    }
}

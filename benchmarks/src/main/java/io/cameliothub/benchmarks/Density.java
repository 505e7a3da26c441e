package io.cameliothub.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
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

/**
 * Gateway density over AMQPS: how long until N devices are connected and authenticated, and the heap and threads they
 * cost in this (the client's) JVM, measured by its own MX beans; the emulator runs in another process.
 */
final class Density {

    record Result(double seconds, double heapKbPerDevice, double threadsAdded) {
        static final Result FAILED = new Result(Double.NaN, Double.NaN, Double.NaN);
    }

    private static final int SDK_MAX_PER_CLIENT = 1000;

    private Density() {
    }

    static Result camelIotHub(Hub hub, int count) throws Exception {
        List<Hub.Device> devices = register(hub, "gw", count);
        Baseline base = Baseline.take();
        long start = System.nanoTime();
        CamelContext context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        context.addComponent("iothub", component);
        context.start();
        ExecutorService starters = Executors.newFixedThreadPool(32);
        try {
            List<Future<Producer>> started = new ArrayList<>();
            for (Hub.Device d : devices) {
                started.add(starters.submit(() -> {
                    Producer p = context.getEndpoint("iothub:" + d.deviceId() + "?protocol=AMQPS&connectionString=RAW("
                                                     + d.connectionString() + ")").createProducer();
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
            return base.measure(seconds, count);
        } finally {
            starters.shutdownNow();
            context.stop();
        }
    }

    static Result sdkMultiplexing(Hub hub, int count) throws Exception {
        List<Hub.Device> devices = register(hub, "mux", count);
        Baseline base = Baseline.take();
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
            return base.measure(seconds, count);
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

        Result measure(double seconds, int count) {
            long heap = usedHeap();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            return new Result(seconds, Math.max(0, heap - this.heap) / 1024.0 / count, threads - this.threads);
        }
    }

    private static long usedHeap() {
        return ClientCpu.heapAfterGc();
    }
}

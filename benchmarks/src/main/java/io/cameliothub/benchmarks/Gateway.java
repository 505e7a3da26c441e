package io.cameliothub.benchmarks;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * A field gateway as users build it today: N device identities, each sending one 1 KB message per second (spread
 * evenly over the second), through one route {@code from("direct:telemetry").toD("iothub:${header.device}?...")}
 * with the hub, TLS and the {@code device} policy's key set once on the component. The first message of every device
 * connects it (from {@value #CONNECT_THREADS} threads, as a gateway fed by several sources would); then a steady state
 * of the given length is offered, and everything is waited for.
 */
final class Gateway {

    static final int CONNECT_THREADS = 8;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final int PAYLOAD = 1024;
    private static final int STOP_LIMIT = 120;

    private final Hub hub;
    private final GatewayPlan plan;
    private final int devices;
    private final int seconds;
    private final String protocol;
    private final String prefix;
    private final int connectLimit;
    private final int cacheSize;

    Gateway(Hub hub, GatewayPlan plan) {
        this.hub = hub;
        this.plan = plan;
        this.cacheSize = plan.toD() ? plan.cacheSize() : 0;
        this.devices = plan.devices();
        this.seconds = plan.seconds();
        this.protocol = plan.protocol();
        this.prefix = "gateway" + devices + plan.route() + RUNS.incrementAndGet(); // fresh identities per run
        this.connectLimit = plan.connectLimit();
    }

    GatewayResult run(Profiler profiler) throws Exception {
        hub.registerDevices(prefix, devices);
        String[] policy = hub.policyKey();
        hub.clearEvents();
        int[] connectionsBefore = hub.amqpConnections();
        CamelContext context = new DefaultCamelContext();
        LongAdder endpointsAdded = new LongAdder();
        LongAdder endpointsRemoved = new LongAdder();
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                if (endpoint.getEndpointUri().startsWith("iothub:")) {
                    endpointsAdded.increment();
                }
            }

            @Override
            public void onEndpointRemove(Endpoint endpoint) {
                if (endpoint.getEndpointUri().startsWith("iothub:")) {
                    endpointsRemoved.increment();
                }
            }
        });
        if (cacheSize > 0) {
            context.getGlobalOptions().put(Exchange.MAXIMUM_ENDPOINT_CACHE_SIZE, Integer.toString(cacheSize));
        }
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setHostName(Hub.HOST);
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        component.getConfiguration().setSharedAccessKeyName(policy[0]);
        component.getConfiguration().setSharedAccessKey(policy[1]);
        context.addComponent("iothub", component);
        if (plan.eager()) {
            context.getRegistry().bind("gatewayIds",
                    java.util.stream.IntStream.range(0, devices).mapToObj(i -> prefix + "-" + i).toList());
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (!plan.toD()) { // the device comes from the CamelIotHubDeviceId header send() sets
                    from("direct:telemetry").to("iothub:?gateway=true&protocol=" + protocol
                                                + (plan.eager() ? "&gatewayDevices=#gatewayIds" : ""));
                    return;
                }
                String uri = "iothub:${header.device}?protocol=" + protocol;
                if (cacheSize > 0) {
                    from("direct:telemetry").toD(uri, cacheSize);
                } else {
                    from("direct:telemetry").toD(uri);
                }
            }
        });
        double cpuStart = ClientCpu.processSeconds();
        long t0 = System.nanoTime(); // with gatewayDevices, starting the route connects every device
        context.start();
        AsyncProducer producer = context.getEndpoint("direct:telemetry").createAsyncProducer();
        producer.start();
        byte[] payload = new byte[PAYLOAD];
        GatewayResult.Builder result = new GatewayResult.Builder(devices, seconds, plan.label());
        try {
            AckLog connect = new AckLog(devices);
            boolean connected = connectAll(context, producer, payload, connect);
            result.connect((System.nanoTime() - t0) / 1e9, connect, ClientCpu.processSeconds() - cpuStart, connected);
            if (!connected) { // no steady state on top of a connect phase still running: report what it did
                result.hub(hub.acceptedEvents(), hub.amqpConnections()[0], hub.amqpConnections()[1] - connectionsBefore[1],
                        hub.putTokens(prefix, devices))
                        .client(ClientCpu.heapAfterGc(), ClientCpu.threads(), endpointsAdded.sum(), endpointsRemoved.sum());
                return result.build();
            }

            AckLog steady = new AckLog(devices * seconds + devices);
            Runnable stopProfile = profiler.start("gateway-" + devices + "-" + protocol);
            double cpu0 = ClientCpu.processSeconds();
            double hubCpu0 = hub.cpuSeconds();
            long s0 = System.nanoTime();
            StallProbe stall = plan.stallMillis() > 0 ? new StallProbe(hub, steady, plan.stallMillis(), s0,
                    TimeUnit.SECONDS.toNanos(seconds) / 2) : null;
            long offered = pace(context, producer, payload, steady);
            double sendSeconds = (System.nanoTime() - s0) / 1e9;
            double drainSeconds = drain(steady, 120);
            if (stall != null) {
                result.stall(stall.finish());
            }
            double wall = (System.nanoTime() - s0) / 1e9;
            double cpu = ClientCpu.processSeconds() - cpu0;
            result.hubCpu(hub.cpuSeconds() - hubCpu0);
            stopProfile.run();
            long hubCount = hub.acceptedEvents();
            int[] connections = hub.amqpConnections();
            result.steady(offered, sendSeconds, drainSeconds, wall, cpu, steady)
                    .hub(hubCount, connections[0], connections[1] - connectionsBefore[1], hub.putTokens(prefix, devices))
                    .client(ClientCpu.heapAfterGc(), ClientCpu.threads(), endpointsAdded.sum(), endpointsRemoved.sum());
        } finally {
            long stop = System.nanoTime();
            Thread stopper = new Thread(() -> {
                producer.stop();
                context.stop();
            }, "gateway-stop");
            stopper.setDaemon(true);
            stopper.start();
            stopper.join(TimeUnit.SECONDS.toMillis(STOP_LIMIT));
            result.stopSeconds(stopper.isAlive() ? Double.NaN : (System.nanoTime() - stop) / 1e9);
        }
        return result.build();
    }

    /**
     * Sends every device's first message (which connects it) and waits until all completed; false when that took
     * longer than the connect limit.
     */
    private boolean connectAll(CamelContext context, AsyncProducer producer, byte[] payload, AckLog log)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(connectLimit);
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CONNECT_THREADS, r -> {
            Thread t = new Thread(r, "gateway-connect");
            t.setDaemon(true);
            return t;
        });
        for (int t = 0; t < CONNECT_THREADS; t++) {
            threads.execute(() -> {
                for (int i = next.getAndIncrement(); i < devices; i = next.getAndIncrement()) {
                    send(context, producer, payload, i, log);
                }
            });
        }
        threads.shutdown();
        if (!threads.awaitTermination(connectLimit, TimeUnit.SECONDS)) {
            next.set(devices); // stop handing out devices; the threads stay blocked where they are
            return false;
        }
        drain(log, (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())));
        return log.outstanding() == 0;
    }

    /** Offers devices x 1 msg/s for the steady state, device after device; returns how many were offered. */
    private long pace(CamelContext context, AsyncProducer producer, byte[] payload, AckLog log) {
        long offered = (long) devices * seconds;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long i = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = Math.min(offered, (now - start) * devices / 1_000_000_000L);
            for (; i < due && System.nanoTime() < end; i++) {
                send(context, producer, payload, (int) (i % devices), log);
            }
            LockSupport.parkNanos(500_000);
        }
        return offered;
    }

    private void send(CamelContext context, AsyncProducer producer, byte[] payload, int device, AckLog log) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("device", prefix + "-" + device);
        if (!plan.toD()) {
            exchange.getMessage().setHeader("CamelIotHubDeviceId", prefix + "-" + device);
        }
        exchange.getMessage().setBody(payload);
        long sentAt = System.nanoTime();
        log.sent();
        try {
            producer.process(exchange, doneSync -> log.done(exchange, sentAt));
        } catch (RuntimeException e) {
            exchange.setException(e);
            log.done(exchange, sentAt);
        }
    }

    /** Waits until every sent exchange completed or failed; returns the seconds waited. */
    private static double drain(AckLog log, int maxSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (log.outstanding() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static String describeFailures(Map<String, Long> failures) {
        StringBuilder out = new StringBuilder();
        failures.forEach((kind, n) -> out.append(String.format("  %,d x %s%n", n, kind)));
        return out.toString();
    }
}

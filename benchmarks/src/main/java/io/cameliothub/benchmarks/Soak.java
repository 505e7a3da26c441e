package io.cameliothub.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.transport.IotHubException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * The soak mode: {@code amqpDevices} over AMQPS and {@code mqttDevices} over MQTT, each sending one small uniquely
 * numbered message per second through a route with the recommended redelivery (docs/reliability.md), for
 * {@code minutes}, while a random fault hits the hub every {@code faultEvery} seconds. Every minute it prints the live
 * threads, heap after GC, and messages sent / acknowledged / failed / lost (completed but not at the hub, checked id by
 * id); it ends with a verdict line.
 */
final class Soak {

    private static final String[] FAULTS = { "drop-one", "drop-all", "lose-ack", "throttle", "refuse" };

    private final Hub hub;
    private final int minutes;
    private final int amqpDevices;
    private final int mqttDevices;
    private final int faultEvery;
    private final Random random;
    private final long seed;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ConcurrentLinkedQueue<String> toCheck = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> faultsInjected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private long lost;

    Soak(Hub hub, int minutes, int amqpDevices, int mqttDevices, int faultEvery, long seed) {
        this.hub = hub;
        this.minutes = minutes;
        this.amqpDevices = amqpDevices;
        this.mqttDevices = mqttDevices;
        this.faultEvery = faultEvery;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Runs the soak; returns whether the verdict is PASSED. */
    boolean run() throws Exception {
        hub.registerDevices("soak-a", amqpDevices);
        hub.registerDevices("soak-m", mqttDevices);
        String[] policy = hub.policyKey();
        CamelContext context = new DefaultCamelContext();
        IotHubComponent component = new IotHubComponent();
        component.getConfiguration().setHostName(Hub.HOST);
        component.getConfiguration().setSslContextParameters(hub.camelTls());
        component.getConfiguration().setSharedAccessKeyName(policy[0]);
        component.getConfiguration().setSharedAccessKey(policy[1]);
        context.addComponent("iothub", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(IotHubException.class).onWhen(simple("${exception.retryable}"))
                        .maximumRedeliveries(20).redeliveryDelay(250).useExponentialBackOff().backOffMultiplier(2)
                        .maximumRedeliveryDelay(5000).asyncDelayedRedelivery()
                        .retryAttemptedLogLevel(LoggingLevel.DEBUG);
                from("direct:soak").toD("iothub:${header.device}?protocol=${header.protocol}");
            }
        });
        context.start();
        AsyncProducer producer = context.getEndpoint("direct:soak").createAsyncProducer();
        producer.start();
        int devices = amqpDevices + mqttDevices;
        long[] seq = new long[devices];
        List<long[]> curve = new ArrayList<>(); // minute, threads, heap bytes
        System.out.printf(Locale.ROOT, "soak: %d AMQPS + %d MQTT devices, 1 msg/s each, %d min, a random fault every %d s "
                + "(seed %d)%n", amqpDevices, mqttDevices, minutes, faultEvery, seed);
        long start = System.nanoTime();
        long end = start + TimeUnit.MINUTES.toNanos(minutes);
        long nextFault = start + TimeUnit.SECONDS.toNanos(faultEvery);
        long nextReport = start + TimeUnit.MINUTES.toNanos(1);
        long offered = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = (now - start) * devices / 1_000_000_000L;
            for (; offered < due; offered++) {
                int d = (int) (offered % devices);
                send(context, producer, d, seq[d]++);
            }
            // the report first: when both fall due together it sees the state a fault period after the last fault,
            // not the moment a fault dropped every connection
            if (now >= nextReport) {
                curve.add(report((int) TimeUnit.NANOSECONDS.toMinutes(now - start + 1_000_000_000L)));
                nextReport += TimeUnit.MINUTES.toNanos(1);
            }
            if (now >= nextFault) {
                injectFault(devices);
                nextFault += TimeUnit.SECONDS.toNanos(faultEvery);
            }
            LockSupport.parkNanos(2_000_000);
        }
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (outstanding() > 0 && System.nanoTime() < drainEnd) {
            Thread.sleep(50);
        }
        long[] last = report(minutes);
        producer.stop();
        context.stop();
        return verdict(curve, last);
    }

    private void send(CamelContext context, AsyncProducer producer, int device, long n) {
        boolean amqp = device < amqpDevices;
        String deviceId = amqp ? "soak-a-" + device : "soak-m-" + (device - amqpDevices);
        String id = deviceId + "." + n;
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("device", deviceId);
        exchange.getMessage().setHeader("protocol", amqp ? "AMQPS" : "MQTT");
        exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, id);
        exchange.getMessage().setBody(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
        sent.increment();
        producer.process(exchange, doneSync -> {
            Exception e = exchange.getException();
            if (e == null) {
                acked.increment();
                toCheck.add(id);
            } else {
                failed.increment();
                failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                        .replaceAll("soak-[am]-\\d+", "<device>"), k -> new LongAdder()).increment();
            }
        });
    }

    private void injectFault(int devices) {
        String kind = FAULTS[random.nextInt(FAULTS.length)];
        String command = switch (kind) {
            case "drop-one" -> "drop " + (random.nextBoolean() ? "soak-m-" + random.nextInt(Math.max(1, mqttDevices))
                    : "soak-a-" + random.nextInt(Math.max(1, amqpDevices)));
            case "drop-all" -> "drop-all";
            case "lose-ack" -> "lose-ack " + (1 + random.nextInt(5));
            case "throttle" -> "throttle " + (1000 + random.nextInt(4000));
            default -> "refuse " + (1000 + random.nextInt(4000));
        };
        hub.soak("fault " + command);
        faultsInjected.merge(kind, 1, Integer::sum);
    }

    private long outstanding() {
        return sent.sum() - acked.sum() - failed.sum();
    }

    /** Checks the acknowledged ids against the hub, prints the minute's line, returns minute, threads, heap. */
    private long[] report(int minute) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String id = toCheck.poll(); id != null; id = toCheck.poll()) {
            ids.add(id);
        }
        Path file = Files.createTempFile("soak-acked", ".txt");
        try {
            Files.write(file, ids, StandardCharsets.UTF_8);
            lost += Long.parseLong(hub.soak("missing " + file.toAbsolutePath()));
        } finally {
            Files.deleteIfExists(file);
        }
        hub.trimEvents();
        long heap = ClientCpu.heapAfterGc();
        int threads = ClientCpu.threads();
        System.out.printf(Locale.ROOT, "soak minute %3d: threads %4d, heap after GC %6.1f MB, sent %,d, acked %,d, "
                + "failed %,d, lost %d, outstanding %,d, duplicates at hub %s, faults %s%n", minute, threads,
                heap / 1048576.0, sent.sum(), acked.sum(), failed.sum(), lost, outstanding(),
                hub.soak("duplicates"), faultsInjected);
        return new long[] { minute, threads, heap };
    }

    private boolean verdict(List<long[]> curve, long[] last) {
        // the baseline is minute 2 (or the first): connections, JIT and caches have settled by then
        long[] base = curve.size() >= 2 ? curve.get(1) : curve.isEmpty() ? last : curve.get(0);
        boolean threadsFlat = last[1] <= base[1] + Math.max(5, base[1] / 10);
        boolean heapFlat = last[2] <= base[2] * 3 / 2 + 16L * 1048576;
        boolean ok = lost == 0 && outstanding() == 0 && failed.sum() == 0 && threadsFlat && heapFlat;
        failures.forEach((kind, n) -> System.out.printf("  failed %,d x %s%n", n.sum(), kind));
        System.out.printf(Locale.ROOT, "SOAK %s: %d min, sent %,d, acked %,d, failed %,d, lost %d, unfinished %d; "
                + "threads %d -> %d (flat within max(5, 10%%): %s); heap after GC %.1f -> %.1f MB (flat within 1.5x + 16 MB:"
                + " %s); faults %s%n", ok ? "PASSED" : "FAILED", minutes, sent.sum(), acked.sum(), failed.sum(), lost,
                outstanding(), base[1], last[1], threadsFlat, base[2] / 1048576.0, last[2] / 1048576.0, heapFlat,
                faultsInjected);
        return ok;
    }
}

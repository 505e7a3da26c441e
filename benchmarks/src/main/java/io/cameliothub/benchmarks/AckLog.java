package io.cameliothub.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;

/**
 * What became of each exchange sent: acknowledgement latencies of the completed ones, and the failed ones counted by
 * exception type and message (the evidence of what fails, and why).
 */
final class AckLog {

    private final long[] nanos;
    private final AtomicInteger recorded = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    AckLog(int capacity) {
        nanos = new long[capacity];
    }

    void sent() {
        sent.increment();
    }

    void done(Exchange exchange, long sentAt) {
        Exception e = exchange.getException();
        if (e == null) {
            completed.increment();
            int i = recorded.getAndIncrement();
            if (i < nanos.length) {
                nanos[i] = System.nanoTime() - sentAt;
            }
        } else {
            failed.increment();
            failures.computeIfAbsent(describe(e), k -> new LongAdder()).increment();
        }
    }

    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        // ids and counts vary per exchange: keep the kind of failure
        message = message.replaceAll("gateway\\w+-\\d+", "<device>").replaceAll("\\d{2,}", "<n>");
        return e.getClass().getName() + ": " + (message.length() > 140 ? message.substring(0, 140) + "..." : message);
    }

    long sentCount() {
        return sent.sum();
    }

    long completedCount() {
        return completed.sum();
    }

    long failedCount() {
        return failed.sum();
    }

    long outstanding() {
        return sent.sum() - completed.sum() - failed.sum();
    }

    /** p50, p99 and max acknowledgement latency in milliseconds. */
    double[] latencyMillis() {
        int n = Math.min(recorded.get(), nanos.length);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        Arrays.sort(ms);
        return new double[] { Stats.percentileOfSorted(ms, 50), Stats.percentileOfSorted(ms, 99),
                n == 0 ? Double.NaN : ms[n - 1] };
    }

    /** Failures by kind, most frequent first. */
    Map<String, Long> failuresByKind() {
        Map<String, Long> sorted = new LinkedHashMap<>();
        failures.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
        return sorted;
    }
}

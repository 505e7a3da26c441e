package io.cameliothub.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One figure's measured iterations (after warm-up): the rates, and the client process's CPU seconds per 10,000
 * messages in each iteration.
 */
record Measured(String client, List<Double> rates, List<Double> cpuPer10k) {

    static Measured failed(String client) {
        return new Measured(client, List.of(), List.of());
    }

    boolean ok() {
        return !rates.isEmpty();
    }

    double median() {
        return Stats.median(rates);
    }

    double cpuMedian() {
        return Stats.median(cpuPer10k);
    }

    /** {@code 12,345 (11,000-13,000)} msg/s. */
    String spread() {
        if (!ok()) {
            return "failed";
        }
        return String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", median(), Stats.min(rates), Stats.max(rates));
    }

    String cpu() {
        if (!ok()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", cpuMedian(), Stats.min(cpuPer10k), Stats.max(cpuPer10k));
    }
}

package io.cameliothub.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One gateway run's figures: connect time, delivered vs offered, failed and lost exchanges, acknowledgement latency,
 * the client's CPU, heap and threads, and the hub's view (accepted messages, AMQP connections, put-tokens).
 */
record GatewayResult(int devices, int seconds, String protocol, double connectSeconds, boolean connected,
                     long connectCompleted, long connectFailed,
                     long offered, long sent, long completed, long failed, long hubAccepted, long completedInAll,
                     double wallSeconds, double drainSeconds, double cpuSeconds, double hubCpuSeconds, double[] ackMillis, long heapBytes,
                     int threads, int amqpLive, int amqpAccepted, long putTokens, long endpointsAdded,
                     long endpointsRemoved, double stopSeconds, Map<String, Long> failures, StallProbe.Figures stall) {

    /** Completed (acknowledged) exchanges the hub never counted. */
    long lost() {
        return Math.max(0, completedInAll - hubAccepted);
    }

    /** Messages the hub counted beyond the completed exchanges (failed exchanges that reached it, or duplicates). */
    long extraAtHub() {
        return Math.max(0, hubAccepted - completedInAll);
    }

    long allFailed() {
        return failed + connectFailed + (connected ? 0 : devices - connectCompleted - connectFailed);
    }

    static Table table() {
        return new Table("Gateway: N devices x 1 msg/s of 1 KB through one route",
                "devices", "route", "connect all", "delivered msg/s (offered)", "failed exchanges",
                "lost (completed, not at hub)", "ack p50 / p99 / max", "client CPU", "client CPU s / 10k msgs", "hub CPU",
                "heap after GC", "threads", "AMQP connections");
    }

    void addTo(Table table) {
        table.row(String.format(Locale.ROOT, "%,d", devices), protocol,
                connected ? String.format(Locale.ROOT, "%.1f s", connectSeconds)
                        : String.format(Locale.ROOT, "not done after %.0f s: %,d of %,d acknowledged, no steady state",
                                connectSeconds, connectCompleted, devices),
                connected ? String.format(Locale.ROOT, "%,.0f (%,.0f)", completed / wallSeconds, (double) devices) : "-",
                String.format(Locale.ROOT, "%,d (%.1f%%)", allFailed(), 100.0 * allFailed() / Math.max(1, sent + devices)),
                String.format(Locale.ROOT, "%,d", lost()),
                connected ? String.format(Locale.ROOT, "%.2f / %.1f / %.0f ms", ackMillis[0], ackMillis[1], ackMillis[2]) : "-",
                connected ? String.format(Locale.ROOT, "%.2f core", cpuSeconds / wallSeconds) : "-",
                connected ? String.format(Locale.ROOT, "%.2f", cpuSeconds * 10_000 / Math.max(1, completed + failed)) : "-",
                connected ? String.format(Locale.ROOT, "%.2f core", hubCpuSeconds / wallSeconds) : "-",
                String.format(Locale.ROOT, "%,d MB", heapBytes / (1024 * 1024)),
                Integer.toString(threads), Integer.toString(amqpLive));
    }

    static Table stallTable() {
        return new Table("Gateway: a hub stall (no D2C acknowledgement for a while, then all) in the steady state",
                "devices", "route", "stall at", "failed exchanges (whole run)", "lost", "in flight before / peak",
                "drain after the stall", "ack max");
    }

    void addStallTo(Table table) {
        if (stall == null) {
            return;
        }
        table.row(String.format(Locale.ROOT, "%,d", devices), protocol,
                String.format(Locale.ROOT, "%.1f s", stall.atSeconds()),
                String.format(Locale.ROOT, "%,d", allFailed()), String.format(Locale.ROOT, "%,d", lost()),
                String.format(Locale.ROOT, "%,d / %,d", stall.before(), stall.peak()),
                Double.isNaN(stall.drainSeconds()) ? "never" : String.format(Locale.ROOT, "%.2f s", stall.drainSeconds()),
                String.format(Locale.ROOT, "%.0f ms", ackMillis[2]));
    }

    String details() {
        StringBuilder out = new StringBuilder(connected ? "" : String.format(Locale.ROOT,
                "gateway %,d devices: the connect phase did not end within %.0f s: %,d first messages acknowledged, "
                + "%,d failed, the rest still waiting%n", devices, connectSeconds, connectCompleted, connectFailed));
        out.append(String.format(Locale.ROOT,
                "gateway %,d devices over %s: steady state %d s offered %,d, sent %,d, completed %,d, failed %,d (while "
                + "connecting %,d); hub accepted %,d (all phases) for %,d completed: lost %,d, extra %,d; window %.1f s "
                + "incl. drain %.1f s; client CPU %.1f s, hub CPU %.1f s; Camel endpoints created %,d, removed %,d; AMQP connections "
                + "accepted %,d, CBS put-tokens %,d for %,d devices; stopping took %s%n", devices, protocol, seconds,
                offered, sent, completed, failed, connectFailed, hubAccepted, completedInAll, lost(), extraAtHub(),
                wallSeconds, drainSeconds, cpuSeconds, hubCpuSeconds, endpointsAdded, endpointsRemoved, amqpAccepted, putTokens, devices,
                Double.isNaN(stopSeconds) ? "more than 120 s (abandoned)"
                        : String.format(Locale.ROOT, "%.1f s", stopSeconds)));
        if (!failures.isEmpty()) {
            out.append("failures by kind:\n").append(Gateway.describeFailures(failures));
        }
        return out.toString();
    }

    /** Collects the figures phase by phase. */
    static final class Builder {
        private final int devices;
        private final int seconds;
        private final String protocol;
        private double connectSeconds;
        private boolean connected;
        private long connectFailed;
        private long connectCompleted;
        private long offered;
        private long sent;
        private long completed;
        private long failed;
        private double wall;
        private double drain;
        private double cpu;
        private double hubCpu = Double.NaN;
        private double[] ack = { Double.NaN, Double.NaN, Double.NaN };
        private long hubAccepted;
        private int amqpLive;
        private int amqpAccepted;
        private long putTokens;
        private long heap;
        private int threads;
        private long added;
        private long removed;
        private double stopSeconds;
        private final Map<String, Long> failures = new LinkedHashMap<>();
        private StallProbe.Figures stall;

        Builder(int devices, int seconds, String protocol) {
            this.devices = devices;
            this.seconds = seconds;
            this.protocol = protocol;
        }

        Builder connect(double secs, AckLog log, double cpuSeconds, boolean allConnected) {
            connectSeconds = secs;
            connected = allConnected;
            connectFailed = log.failedCount() + (allConnected ? log.outstanding() : 0);
            connectCompleted = log.completedCount();
            log.failuresByKind().forEach((k, v) -> failures.merge("while connecting: " + k, v, Long::sum));
            return this;
        }

        Builder steady(long offered, double sendSeconds, double drainSeconds, double wallSeconds, double cpuSeconds,
                       AckLog log) {
            this.offered = offered;
            this.sent = log.sentCount();
            this.completed = log.completedCount();
            this.failed = log.failedCount() + log.outstanding();
            if (log.outstanding() > 0) {
                failures.put("never completed (counted as failed)", log.outstanding());
            }
            this.drain = drainSeconds;
            this.wall = wallSeconds;
            this.cpu = cpuSeconds;
            this.ack = log.latencyMillis();
            log.failuresByKind().forEach((k, v) -> failures.merge(k, v, Long::sum));
            return this;
        }

        /** The emulator process's CPU seconds over the steady window (drain included). */
        Builder hubCpu(double seconds) {
            hubCpu = seconds;
            return this;
        }

        Builder hub(long accepted, int live, int acceptedConnections, long tokens) {
            hubAccepted = accepted;
            amqpLive = live;
            amqpAccepted = acceptedConnections;
            putTokens = tokens;
            return this;
        }

        Builder client(long heapBytes, int threadCount, long endpointsAdded, long endpointsRemoved) {
            heap = heapBytes;
            threads = threadCount;
            added = endpointsAdded;
            removed = endpointsRemoved;
            return this;
        }

        Builder stall(StallProbe.Figures figures) {
            stall = figures;
            return this;
        }

        void stopSeconds(double secs) {
            stopSeconds = secs;
        }

        GatewayResult build() {
            return new GatewayResult(devices, seconds, protocol, connectSeconds, connected, connectCompleted, connectFailed, offered, sent, completed,
                    failed, hubAccepted, connectCompleted + completed, wall, drain, cpu, hubCpu, ack, heap, threads, amqpLive,
                    amqpAccepted, putTokens, added, removed, stopSeconds, failures, stall);
        }
    }
}

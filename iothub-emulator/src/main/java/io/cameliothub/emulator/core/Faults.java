package io.cameliothub.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Fault injection for tests, on every transport: drop connections, refuse new ones (MQTT CONNACK 3, AMQP SASL temporary
 * failure, HTTPS 503), throttle (MQTT closes, AMQP rejects, HTTPS 429), lose or delay D2C acknowledgements, reset
 * HTTPS requests mid-flight, and any of these on a schedule ({@link #every}).
 */
public final class Faults {

    private final ConnectionRegistry connections;
    private final Clock clock;
    private final HubTimer timer;
    private volatile Instant refuseUntil = Instant.MIN;
    private volatile Instant throttleUntil = Instant.MIN;
    private volatile Instant loseAcksUntil = Instant.MIN;
    private volatile Instant delayAcksUntil = Instant.MIN;
    private volatile Duration ackDelay = Duration.ZERO;
    private final AtomicInteger acksToLose = new AtomicInteger();
    private final AtomicInteger httpsRequestsToDrop = new AtomicInteger();
    private final AtomicInteger lostAcks = new AtomicInteger();
    private final AtomicInteger droppedHttpsRequests = new AtomicInteger();
    private final List<FaultSchedule> schedules = new CopyOnWriteArrayList<>();

    Faults(ConnectionRegistry connections, Clock clock, HubTimer timer) {
        this.connections = connections;
        this.clock = clock;
        this.timer = timer;
    }

    /** Drops the device's live connection as a network failure would. Returns whether one was live. */
    public boolean dropConnection(String deviceId) {
        return connections.close(Identity.device(deviceId), DisconnectReason.DROPPED);
    }

    public boolean dropConnection(String deviceId, String moduleId) {
        return connections.close(Identity.module(deviceId, moduleId), DisconnectReason.DROPPED);
    }

    /** Drops every live device connection (an AMQP connection goes with its first device). */
    public void dropAllConnections() {
        connections.closeAll(DisconnectReason.DROPPED);
    }

    /** Disconnects the device as if its SAS token had expired now. */
    public boolean expireSession(String deviceId) {
        return connections.close(Identity.device(deviceId), DisconnectReason.TOKEN_EXPIRED);
    }

    public boolean expireSession(String deviceId, String moduleId) {
        return connections.close(Identity.module(deviceId, moduleId), DisconnectReason.TOKEN_EXPIRED);
    }

    /** New connections are refused for {@code duration}: MQTT CONNACK 3, AMQP SASL temp, HTTPS 503001 + Retry-After. */
    public void refuseConnections(Duration duration) {
        refuseUntil = clock.instant().plus(duration);
    }

    public boolean refusingConnections() {
        return clock.instant().isBefore(refuseUntil);
    }

    /** Telemetry is refused with 429001 for {@code duration} (MQTT closes the connection, HTTPS answers 429). */
    public void throttle(Duration duration) {
        throttleUntil = clock.instant().plus(duration);
    }

    public boolean throttling() {
        return clock.instant().isBefore(throttleUntil);
    }

    /** Whole seconds (at least 1) until refusal and throttling end: the {@code Retry-After} of 503 and 429 answers. */
    public long retryAfterSeconds() {
        Instant end = refuseUntil.isAfter(throttleUntil) ? refuseUntil : throttleUntil;
        long ms = end.equals(Instant.MIN) ? 0 : Duration.between(clock.instant(), end).toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }

    /**
     * The next {@code count} D2C messages that ask for an acknowledgement are accepted and logged, then the connection
     * drops before the acknowledgement (MQTT PUBACK, AMQP disposition, HTTPS 204): what makes duplicates in real life.
     */
    public void loseAcknowledgements(int count) {
        acksToLose.addAndGet(count);
    }

    /** As {@link #loseAcknowledgements(int)}, for every such message during {@code duration}. */
    public void loseAcknowledgements(Duration duration) {
        loseAcksUntil = clock.instant().plus(duration);
    }

    /** D2C acknowledgements are sent {@code delay} late during {@code duration} (latency injection). */
    public void delayAcknowledgements(Duration delay, Duration duration) {
        ackDelay = delay;
        delayAcksUntil = clock.instant().plus(duration);
    }

    /** For heads, once a D2C message was accepted: what to do with its acknowledgement. Consumes a lost-ack budget. */
    public AckPlan ackPlan() {
        Instant now = clock.instant();
        if (now.isBefore(loseAcksUntil) || acksToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            lostAcks.incrementAndGet();
            return new AckPlan(true, Duration.ZERO);
        }
        return now.isBefore(delayAcksUntil) ? new AckPlan(false, ackDelay) : AckPlan.NOW;
    }

    /** Acknowledgements lost by the fault since start. */
    public int lostAcknowledgements() {
        return lostAcks.get();
    }

    /** The next {@code count} HTTPS device requests get their connection reset instead of an answer, body unread. */
    public void dropHttpsRequests(int count) {
        httpsRequestsToDrop.addAndGet(count);
    }

    /** For the HTTPS head: whether to reset this request. Consumes the budget. */
    public boolean takeHttpsRequestDrop() {
        boolean drop = httpsRequestsToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (drop) {
            droppedHttpsRequests.incrementAndGet();
        }
        return drop;
    }

    /** HTTPS requests reset by the fault since start. */
    public int droppedHttpsRequests() {
        return droppedHttpsRequests.get();
    }

    /**
     * Injects {@code fault} every {@code period} for {@code total}, e.g.
     * {@code every(Duration.ofSeconds(2), Duration.ofMinutes(1), "drop all", Faults::dropAllConnections)}.
     */
    public FaultSchedule every(Duration period, Duration total, String description, Consumer<Faults> fault) {
        FaultSchedule s = new FaultSchedule(timer, period, total, description, () -> fault.accept(this));
        schedules.add(s);
        schedules.removeIf(FaultSchedule::done);
        return s.start();
    }

    /** Schedules still running. */
    public List<FaultSchedule> schedules() {
        schedules.removeIf(FaultSchedule::done);
        return List.copyOf(schedules);
    }

    /** Ends refusal, throttling, lost and delayed acknowledgements, pending HTTPS drops, and every schedule. */
    public void reset() {
        schedules.forEach(FaultSchedule::cancel);
        schedules.clear();
        refuseUntil = Instant.MIN;
        throttleUntil = Instant.MIN;
        loseAcksUntil = Instant.MIN;
        delayAcksUntil = Instant.MIN;
        acksToLose.set(0);
        httpsRequestsToDrop.set(0);
    }
}

package io.cameliothub.emulator.twin;

import io.cameliothub.emulator.core.AwaitTimeoutException;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.IotHubError;
import io.cameliothub.emulator.core.ModuleInfo;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Device and module twins: desired and reported sections with their own {@code $version}s (both 1 on a fresh twin),
 * tags, and the twin-wide version and etag, which change on every accepted change. Devices patch reported properties
 * (optionally with the reported version they expect); the service side patches or replaces desired properties and tags
 * (optionally with an etag). Desired changes go to the subscribed device heads at once and are not queued for devices
 * that are not subscribed, as in IoT Hub. A twin lives as long as its identity: a device deleted and created again gets
 * a fresh one. Thread-safe.
 */
public final class TwinStore {

    /** Accepted reported patches kept for {@link #awaitReported}. */
    public static final int REPORTED_LOG_CAPACITY = 10_000;

    private final DeviceRegistry registry;
    private final Clock clock;
    private final Map<Identity, State> twins = new ConcurrentHashMap<>();
    private final Map<Identity, List<Consumer<DesiredUpdate>>> desiredListeners = new ConcurrentHashMap<>();
    private final List<Consumer<ReportedUpdate>> reportedListeners = new CopyOnWriteArrayList<>();
    private final Deque<ReportedUpdate> reportedLog = new ArrayDeque<>();

    private static final class State {
        final String generation;
        JsonObject desired = new JsonObject();
        JsonObject reported = new JsonObject();
        JsonObject tags = new JsonObject();
        long desiredVersion = 1;
        long reportedVersion = 1;
        long version = 1;

        State(String generation) {
            this.generation = generation;
        }
    }

    public TwinStore(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The identity's twin. @throws HubException 404001 / 404010 for an unknown device or module */
    public Twin get(Identity identity) {
        State s = state(identity);
        synchronized (s) {
            return snapshot(identity, s);
        }
    }

    /**
     * A device's reported-properties patch. @param expectedVersion the reported version the device based its patch on,
     * or null. @return the new reported version. @throws HubException 400004 bad JSON or limits, 412001 version mismatch
     */
    public long patchReported(Identity identity, String json, Long expectedVersion) {
        JsonObject patch = TwinJson.checkPatch(TwinJson.parseObject(json, "the reported properties patch"),
                "properties.reported");
        State s = state(identity);
        ReportedUpdate update;
        synchronized (s) {
            if (expectedVersion != null && expectedVersion != s.reportedVersion) {
                throw new HubException(IotHubError.PRECONDITION_FAILED, "reported properties are at $version "
                        + s.reportedVersion + ", the patch names " + expectedVersion);
            }
            JsonObject next = s.reported.copy();
            TwinJson.merge(next, patch);
            TwinJson.checkSize(next, TwinJson.MAX_PROPERTIES_SIZE, "properties.reported");
            s.reported = next;
            s.reportedVersion++;
            s.version++;
            update = new ReportedUpdate(identity, patch.copy(), s.reportedVersion, clock.instant());
        }
        synchronized (reportedLog) {
            reportedLog.addLast(update);
            if (reportedLog.size() > REPORTED_LOG_CAPACITY) {
                reportedLog.removeFirst();
            }
            reportedLog.notifyAll();
        }
        reportedListeners.forEach(l -> l.accept(update));
        return update.version();
    }

    /** Merges a desired-properties patch (JSON object text) into the twin. @see #update */
    public Twin patchDesired(Identity identity, String desiredPatch) {
        return update(identity, null, TwinJson.parseObject(desiredPatch, "the desired properties patch"), null);
    }

    /**
     * The service's twin PATCH: merges {@code tagsPatch} and {@code desiredPatch} (either may be null).
     *
     * @param ifMatch an etag the twin must still have, {@code *} or null for none
     * @throws HubException 400004 invalid or over the limits, 412001 etag mismatch, 404001 / 404010
     */
    public Twin update(Identity identity, JsonObject tagsPatch, JsonObject desiredPatch, String ifMatch) {
        JsonObject desired = desiredPatch == null ? null : TwinJson.checkPatch(desiredPatch, "properties.desired");
        JsonObject tags = tagsPatch == null ? null : TwinJson.checkPatch(tagsPatch, "tags");
        State s = state(identity);
        synchronized (s) {
            checkEtag(s, ifMatch);
            JsonObject nextDesired = s.desired;
            if (desired != null) {
                nextDesired = s.desired.copy();
                TwinJson.merge(nextDesired, desired);
                TwinJson.checkSize(nextDesired, TwinJson.MAX_PROPERTIES_SIZE, "properties.desired");
            }
            JsonObject nextTags = s.tags;
            if (tags != null) {
                nextTags = s.tags.copy();
                TwinJson.merge(nextTags, tags);
                TwinJson.checkSize(nextTags, TwinJson.MAX_TAGS_SIZE, "tags");
            }
            return commit(identity, s, nextTags, nextDesired, desired);
        }
    }

    /**
     * The service's twin PUT: replaces tags and desired properties (a null argument keeps that part). Subscribed
     * devices get the new desired document with {@code null} for each top-level property that is gone.
     */
    public Twin replace(Identity identity, JsonObject tags, JsonObject desired, String ifMatch) {
        JsonObject newDesired = desired == null ? null
                : TwinJson.withoutNulls(TwinJson.checkPatch(desired, "properties.desired"));
        JsonObject newTags = tags == null ? null : TwinJson.withoutNulls(TwinJson.checkPatch(tags, "tags"));
        if (newDesired != null) {
            TwinJson.checkSize(newDesired, TwinJson.MAX_PROPERTIES_SIZE, "properties.desired");
        }
        if (newTags != null) {
            TwinJson.checkSize(newTags, TwinJson.MAX_TAGS_SIZE, "tags");
        }
        State s = state(identity);
        synchronized (s) {
            checkEtag(s, ifMatch);
            JsonObject notification = null;
            if (newDesired != null) {
                notification = newDesired.copy();
                for (String old : s.desired.fieldNames()) {
                    if (!newDesired.containsKey(old)) {
                        notification.putNull(old);
                    }
                }
            }
            return commit(identity, s, newTags == null ? s.tags : newTags, newDesired == null ? s.desired : newDesired,
                    notification);
        }
    }

    private Twin commit(Identity identity, State s, JsonObject tags, JsonObject desired, JsonObject notification) {
        s.tags = tags;
        s.desired = desired;
        if (notification != null) {
            s.desiredVersion++;
        }
        s.version++;
        if (notification != null) {
            DesiredUpdate update = new DesiredUpdate(identity, s.desiredVersion, notification.copy());
            // under the twin's lock, so listeners see updates in version order
            desiredListeners.getOrDefault(identity, List.of()).forEach(l -> l.accept(update));
        }
        return snapshot(identity, s);
    }

    private static void checkEtag(State s, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (tag.isEmpty() || tag.equals("*")) {
            return;
        }
        if (!tag.equals(etag(s.version))) {
            throw new HubException(IotHubError.PRECONDITION_FAILED, "the twin's etag is " + etag(s.version)
                    + ", the request named " + tag);
        }
    }

    /**
     * Calls {@code listener} with each desired change of the identity (on the changing thread, in version order) until
     * the returned action is run. Device heads subscribe while a device listens for desired properties.
     */
    public Runnable subscribeDesired(Identity identity, Consumer<DesiredUpdate> listener) {
        desiredListeners.computeIfAbsent(identity, k -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> desiredListeners.computeIfPresent(identity, (k, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Whether a device head listens for the identity's desired changes now. */
    public boolean isSubscribedToDesired(Identity identity) {
        return desiredListeners.containsKey(identity);
    }

    /** Calls {@code listener} with every accepted reported patch from now on (on the device head's thread). */
    public Runnable onReported(Consumer<ReportedUpdate> listener) {
        reportedListeners.add(listener);
        return () -> reportedListeners.remove(listener);
    }

    /** The accepted reported patches of an identity, oldest first. */
    public List<ReportedUpdate> reportedUpdates(Identity identity) {
        synchronized (reportedLog) {
            return reportedLog.stream().filter(u -> u.identity().equals(identity)).toList();
        }
    }

    /**
     * The first reported patch of {@code identity} (already accepted or arriving within {@code timeout}) that matches.
     *
     * @throws AwaitTimeoutException when none arrives in time
     */
    public ReportedUpdate awaitReported(Identity identity, Predicate<ReportedUpdate> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (reportedLog) {
            while (true) {
                for (ReportedUpdate u : reportedLog) {
                    if (u.identity().equals(identity) && predicate.test(u)) {
                        return u;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AwaitTimeoutException("timed out after " + timeout + " waiting for a reported patch from "
                            + identity);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(reportedLog, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AwaitTimeoutException("interrupted waiting for a reported patch from " + identity);
                }
            }
        }
    }

    private State state(Identity identity) {
        String generation = generation(identity);
        return twins.compute(identity, (k, s) -> s != null && s.generation.equals(generation) ? s : new State(generation));
    }

    private String generation(Identity identity) {
        if (identity.isModule()) {
            return registry.module(identity.deviceId(), identity.moduleId()).map(ModuleInfo::generationId)
                    .orElseThrow(() -> new HubException(registry.device(identity.deviceId()).isPresent()
                            ? IotHubError.MODULE_NOT_FOUND : IotHubError.DEVICE_NOT_FOUND, identity + " not found"));
        }
        return registry.device(identity.deviceId()).map(DeviceInfo::generationId)
                .orElseThrow(() -> new HubException(IotHubError.DEVICE_NOT_FOUND, identity + " not found"));
    }

    private static Twin snapshot(Identity identity, State s) {
        return new Twin(identity, s.desired.copy(), s.reported.copy(), s.tags.copy(), s.desiredVersion,
                s.reportedVersion, s.version, etag(s.version));
    }

    /** Opaque to clients; IoT Hub's look like {@code AAAAAAAAAAc=}. */
    static String etag(long version) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(version).array());
    }
}

package io.cameliothub.component.transport.internal.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Makes sure an application sees every change of its desired properties exactly once, although IoT Hub sends
 * notifications only to connected devices and a notification can race the full read that follows a (re)connect.
 * <p>
 * It keeps the desired state the application has seen and its version. A notification at or below that version is a
 * duplicate and dropped. A full read (after every connect) that shows a newer version yields what changed while the
 * device was away: the difference as one patch, or the whole desired state, as configured. A notification that skips
 * versions is delivered and asks for a full read, whose difference then carries whatever was skipped.
 */
public final class DesiredPropertiesTracker {

    /** What a full read after a connect delivers. */
    public enum ResyncMode {
        /** One patch with what changed, {@code null} for removed properties. */
        DIFF,
        /** The whole desired state. */
        FULL
    }

    /** What a notification leads to. */
    public record Outcome(DesiredUpdate update, boolean resyncNeeded) {
        static final Outcome DROP = new Outcome(null, false);
    }

    private final ResyncMode mode;
    private final boolean deliverInitialState;
    private ObjectNode seen;
    private long version = -1;
    /** Without the initial state: the changes notified before the first read, made after the subscription. */
    private ObjectNode early;

    public DesiredPropertiesTracker(ResyncMode mode, boolean deliverInitialState) {
        this.mode = mode;
        this.deliverInitialState = deliverInitialState;
    }

    /** A desired-properties notification from the hub: the patch, with its {@code $version}. */
    public synchronized Outcome onNotification(JsonNode patch) {
        long patchVersion = TwinPatches.version(patch);
        if (seen == null) {
            // no full read yet: the read that follows decides what the application sees first; a change notified
            // meanwhile was made after the subscription, so it is not part of an initial state nobody asked for
            if (!deliverInitialState) {
                early = compose(early == null ? JsonNodeFactory.instance.objectNode() : early,
                        TwinPatches.withoutHubKeys(patch));
            }
            return new Outcome(null, true);
        }
        if (patchVersion >= 0 && patchVersion <= version) {
            return Outcome.DROP;
        }
        boolean gap = patchVersion < 0 || patchVersion > version + 1;
        ObjectNode properties = TwinPatches.withoutHubKeys(patch);
        TwinPatches.merge(seen, properties);
        if (patchVersion >= 0) {
            version = patchVersion;
        }
        return new Outcome(new DesiredUpdate(properties, version, false), gap);
    }

    /**
     * The desired section of a full twin read. Returns what the application has not seen yet, or null when it is up to
     * date (or this is the first read and the initial state is not wanted).
     */
    public synchronized DesiredUpdate onFullRead(JsonNode desired) {
        long readVersion = TwinPatches.version(desired);
        ObjectNode current = TwinPatches.withoutHubKeys(desired);
        if (seen == null) {
            seen = current;
            version = readVersion;
            ObjectNode changes = early;
            early = null;
            if (deliverInitialState) {
                return new DesiredUpdate(current.deepCopy(), readVersion, true);
            }
            return changes == null || changes.isEmpty() ? null : new DesiredUpdate(changes, readVersion, false);
        }
        if (readVersion >= 0 && readVersion <= version) {
            return null;
        }
        ObjectNode changed = TwinPatches.diff(seen, current);
        seen = current;
        version = readVersion;
        if (mode == ResyncMode.FULL) {
            return new DesiredUpdate(current.deepCopy(), readVersion, true);
        }
        return changed.isEmpty() ? null : new DesiredUpdate(changed, readVersion, false);
    }

    /** One patch that does what {@code first} then {@code then} do ({@code null} members kept: they delete). */
    private static ObjectNode compose(ObjectNode first, ObjectNode then) {
        then.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && first.path(e.getKey()).isObject()) {
                compose((ObjectNode) first.get(e.getKey()), (ObjectNode) e.getValue());
            } else {
                first.set(e.getKey(), e.getValue());
            }
        });
        return first;
    }

    /** The version the application has seen, or -1 before the first read. */
    public synchronized long version() {
        return version;
    }

    /** A copy of the desired state the application has seen (empty before the first read). */
    public synchronized ObjectNode state() {
        return seen == null ? JsonNodeFactory.instance.objectNode() : seen.deepCopy();
    }
}

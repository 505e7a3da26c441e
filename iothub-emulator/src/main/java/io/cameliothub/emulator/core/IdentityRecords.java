package io.cameliothub.emulator.core;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Registry bookkeeping per identity: the version behind its ETag, the status reason and when the status changed. */
final class IdentityRecords {

    private record Entry(long version, String statusReason, Instant statusUpdated) {
    }

    private final Clock clock;
    private final AtomicLong versions = new AtomicLong();
    private final Map<Identity, Entry> entries = new ConcurrentHashMap<>();

    IdentityRecords(Clock clock) {
        this.clock = clock;
    }

    void created(Identity identity) {
        entries.put(identity, new Entry(versions.incrementAndGet(), null, clock.instant()));
    }

    void changed(Identity identity, String statusReason, boolean statusChanged) {
        entries.compute(identity, (id, e) -> new Entry(versions.incrementAndGet(), statusReason,
                e == null || statusChanged ? clock.instant() : e.statusUpdated()));
    }

    void remove(Identity identity) {
        entries.remove(identity);
    }

    void removeDevice(String deviceId) {
        entries.keySet().removeIf(id -> id.deviceId().equals(deviceId));
    }

    String etag(Identity identity) {
        Entry e = entries.get(identity);
        long version = e == null ? 0 : e.version();
        return Base64.getEncoder().encodeToString(Long.toString(version).getBytes(StandardCharsets.US_ASCII));
    }

    String statusReason(Identity identity) {
        Entry e = entries.get(identity);
        return e == null ? null : e.statusReason();
    }

    Instant statusUpdated(Identity identity) {
        Entry e = entries.get(identity);
        return e == null ? null : e.statusUpdated();
    }

    /** {@code null} and {@code *} match anything; quotes around the ETag are ignored. @throws HubException 412001 */
    void checkEtag(Identity identity, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        String wanted = ifMatch.trim();
        if (wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"")) {
            wanted = wanted.substring(1, wanted.length() - 1);
        }
        if (!wanted.equals("*") && !wanted.equals(etag(identity))) {
            throw new HubException(IotHubError.PRECONDITION_FAILED, "ETag " + wanted + " does not match " + identity
                    + "'s current ETag");
        }
    }
}

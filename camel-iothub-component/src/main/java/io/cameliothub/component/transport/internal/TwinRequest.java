package io.cameliothub.component.transport.internal;

/**
 * A request on the twin channel: read the whole twin, or patch the reported properties.
 *
 * @param patch   the reported-properties patch (JSON), null for a read
 * @param version the reported version the patch expects (optimistic concurrency), or null
 */
public record TwinRequest(byte[] patch, Long version) {

    public static TwinRequest get() {
        return new TwinRequest(null, null);
    }

    public static TwinRequest patchReported(byte[] patch, Long version) {
        return new TwinRequest(patch, version);
    }

    public boolean isGet() {
        return patch == null;
    }
}

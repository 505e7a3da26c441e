package io.cameliothub.component.transport.internal.mqtt;

/**
 * Follows the bytes a Paho client writes to its {@code ssl://} socket (MQTT packets back to back) and tells which
 * packets begin in them: how many PUBLISH packets, and the type of the last packet that began. Pure state, no I/O:
 * {@link CoalescingOutputStream} calls it under its lock.
 */
final class OutboundScanner {

    static final int PUBLISH = 3;
    private static final int UNKNOWN = -1;

    private enum State { TYPE, LENGTH, BODY }

    private State state = State.TYPE;
    private long remaining;
    private int multiplier;
    private int lastType = UNKNOWN;

    /** The last packet that began was a PUBLISH. */
    boolean lastWasPublish() {
        return lastType == PUBLISH;
    }

    /** @return the number of PUBLISH packets that begin in these bytes */
    int scan(byte[] b, int off, int len) {
        int publishes = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int v = b[i] & 0xFF;
            switch (state) {
                case TYPE -> {
                    lastType = v >> 4;
                    if (lastType == PUBLISH) {
                        publishes++;
                    }
                    remaining = 0;
                    multiplier = 1;
                    state = State.LENGTH;
                    i++;
                }
                case LENGTH -> {
                    remaining += (long) (v & 0x7F) * multiplier;
                    multiplier *= 128;
                    state = (v & 0x80) != 0 ? State.LENGTH : remaining == 0 ? State.TYPE : State.BODY;
                    i++;
                }
                case BODY -> {
                    int n = (int) Math.min(remaining, end - i);
                    remaining -= n;
                    i += n;
                    if (remaining == 0) {
                        state = State.TYPE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return publishes;
    }
}

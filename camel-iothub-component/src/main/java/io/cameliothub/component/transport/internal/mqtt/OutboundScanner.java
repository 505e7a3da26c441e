package io.cameliothub.component.transport.internal.mqtt;

/**
 * Follows the bytes a Paho client writes to its socket and tells which MQTT packets begin in them: how many PUBLISH
 * packets, and the type of the last packet that began. Over {@code ssl://} the bytes are MQTT packets back to back;
 * over {@code wss://} they are the HTTP upgrade request (everything up to the first flush) and then masked WebSocket
 * frames, one MQTT packet each (Paho frames every flushed packet by itself), whose first payload byte is unmasked to
 * read the packet type. Pure state, no I/O: {@link CoalescingOutputStream} calls it under its lock.
 */
final class OutboundScanner {

    static final int PUBLISH = 3;
    private static final int UNKNOWN = -1;

    private enum State { PACKET_TYPE, PACKET_LENGTH, PACKET_BODY, HTTP, FRAME_OPCODE, FRAME_LENGTH, FRAME_EXTENDED,
        FRAME_MASK, FRAME_FIRST, FRAME_BODY }

    private final boolean webSocket;
    private State state;
    private long remaining;
    private int multiplier;
    private int lengthBytes;
    private int opcode;
    private boolean masked;
    private int maskByte;
    private int lastType = UNKNOWN;

    OutboundScanner(boolean webSocket) {
        this.webSocket = webSocket;
        this.state = webSocket ? State.HTTP : State.PACKET_TYPE;
    }

    /** The last packet that began was a PUBLISH. */
    boolean lastWasPublish() {
        return lastType == PUBLISH;
    }

    /** The writer flushed: over WebSocket, the first flush ends the HTTP upgrade request. */
    void flushed() {
        if (state == State.HTTP) {
            state = State.FRAME_OPCODE;
        }
    }

    /** @return the number of PUBLISH packets that begin in these bytes */
    int scan(byte[] b, int off, int len) {
        int publishes = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int v = b[i] & 0xFF;
            switch (state) {
                case HTTP -> i = end;
                case PACKET_TYPE -> {
                    publishes += begin(v >> 4);
                    remaining = 0;
                    multiplier = 1;
                    state = State.PACKET_LENGTH;
                    i++;
                }
                case PACKET_LENGTH -> {
                    remaining += (long) (v & 0x7F) * multiplier;
                    multiplier *= 128;
                    state = (v & 0x80) != 0 ? State.PACKET_LENGTH
                            : remaining == 0 ? State.PACKET_TYPE : State.PACKET_BODY;
                    i++;
                }
                case PACKET_BODY -> {
                    int n = (int) Math.min(remaining, end - i);
                    remaining -= n;
                    i += n;
                    if (remaining == 0) {
                        state = State.PACKET_TYPE;
                    }
                }
                case FRAME_OPCODE -> {
                    opcode = v & 0x0F;
                    state = State.FRAME_LENGTH;
                    i++;
                }
                case FRAME_LENGTH -> {
                    masked = (v & 0x80) != 0;
                    int l = v & 0x7F;
                    remaining = l < 126 ? l : 0;
                    lengthBytes = l == 126 ? 2 : l == 127 ? 8 : 0;
                    multiplier = masked ? 4 : 0; // mask bytes still to read
                    state = lengthBytes > 0 ? State.FRAME_EXTENDED : afterLength();
                    i++;
                }
                case FRAME_EXTENDED -> {
                    remaining = (remaining << 8) | v;
                    state = --lengthBytes > 0 ? State.FRAME_EXTENDED : afterLength();
                    i++;
                }
                case FRAME_MASK -> {
                    if (multiplier == 4) {
                        maskByte = v; // the first mask byte unmasks the first payload byte
                    }
                    state = --multiplier > 0 ? State.FRAME_MASK : afterMask();
                    i++;
                }
                case FRAME_FIRST -> {
                    if (opcode == 0x2 || opcode == 0x1) {
                        publishes += begin((v ^ maskByte) >> 4);
                    } else if (opcode != 0x0) {
                        lastType = UNKNOWN; // ping, pong or close: never held
                    }
                    remaining--;
                    state = remaining == 0 ? State.FRAME_OPCODE : State.FRAME_BODY;
                    i++;
                }
                case FRAME_BODY -> {
                    int n = (int) Math.min(remaining, end - i);
                    remaining -= n;
                    i += n;
                    if (remaining == 0) {
                        state = State.FRAME_OPCODE;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return publishes;
    }

    private State afterLength() {
        return masked ? State.FRAME_MASK : afterMask();
    }

    private State afterMask() {
        if (!masked) {
            maskByte = 0;
        }
        if (remaining == 0) {
            if (opcode >= 0x8) {
                lastType = UNKNOWN;
            }
            return State.FRAME_OPCODE;
        }
        return State.FRAME_FIRST;
    }

    private int begin(int type) {
        lastType = type;
        return type == PUBLISH ? 1 : 0;
    }
}

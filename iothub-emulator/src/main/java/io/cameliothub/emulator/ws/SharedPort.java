package io.cameliothub.emulator.ws;

/**
 * The port a listener passes to Vert.x when the hub's listeners run on several event loops. Vert.x shares a port among
 * the servers of one Vert.x instance that listen on the same host and port, handing each accepted connection to one of
 * them in turn (so to their event loops). Port 0 is not shared (every server would get its own free port), but a
 * negative port is: the first server binds a free port and the others with the same negative number join it. Each
 * listener of the hub therefore has its own negative number for "any free port".
 */
public enum SharedPort {
    MQTT, MQTT_BRIDGE, AMQP, AMQP_BRIDGE, HTTPS;

    /** {@code requested}, or this listener's shared free port when {@code requested} is 0. */
    public int of(int requested) {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException(name() + " port must be 0 to 65535, was " + requested);
        }
        return requested == 0 ? -(ordinal() + 1) : requested;
    }
}

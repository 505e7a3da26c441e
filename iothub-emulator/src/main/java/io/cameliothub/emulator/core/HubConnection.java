package io.cameliothub.emulator.core;

import java.time.Instant;

/** What a protocol head registers for each authenticated identity it serves. */
public interface HubConnection {

    Identity identity();

    Protocol protocol();

    /** The peer's address, e.g. {@code 127.0.0.1:51234}. */
    String remoteAddress();

    Instant connectedAt();

    /** Ends the connection (or just this identity's part of a multiplexed one). Safe to call from any thread, twice. */
    void close(DisconnectReason reason);
}

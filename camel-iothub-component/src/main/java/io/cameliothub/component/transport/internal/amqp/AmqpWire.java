package io.cameliothub.component.transport.internal.amqp;

import java.nio.ByteBuffer;

/**
 * The byte stream an AMQP connection runs over: a TLS-carrying TCP socket or a WebSocket. Every callback and every
 * call happens on the connection's event loop.
 */
interface AmqpWire {

    /** What the wire tells its connection. */
    interface Listener {
        void opened();

        /** Bytes arrived; the buffer is only valid during the call. */
        void received(ByteBuffer bytes);

        /** The wire can take more output. */
        void writable();

        /** The wire closed or failed; called once. */
        void closed(Throwable cause);
    }

    void open(Listener listener);

    /**
     * Writes as much of {@code bytes} as the wire takes now, advancing its position.
     *
     * @return whether everything was taken (else {@link Listener#writable()} follows)
     */
    boolean write(ByteBuffer bytes);

    void close();
}

package io.cameliothub.benchmarks;

/**
 * Something that sends device-to-cloud messages as fast as it can, waiting for the hub's acknowledgements.
 */
interface D2cClient extends AutoCloseable {

    /** What the table calls it. */
    String name();

    /** Connects as the given device; called once before the iterations. */
    void open(Hub hub, String connectionString, String deviceId) throws Exception;

    /** Sends {@code count} messages of the payload and returns when every one was acknowledged. */
    void send(int count, byte[] payload) throws Exception;
}

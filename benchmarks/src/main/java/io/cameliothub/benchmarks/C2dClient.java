package io.cameliothub.benchmarks;

import java.util.function.Consumer;

/**
 * Something that receives cloud-to-device messages and reports each message id as it arrives.
 */
interface C2dClient extends AutoCloseable {

    String name();

    void open(Hub hub, String connectionString, String deviceId, Consumer<String> onMessageId) throws Exception;
}

package io.cameliothub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;

/**
 * The official SDK's HTTPS batch send (sendEventsAsync), at its best send settings.
 */
final class SdkBatchD2c implements D2cClient {

    private final int batchSize;
    private DeviceClient client;

    SdkBatchD2c(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "iot-device-client 2.5.0 (batches of " + batchSize + ")";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        client = new DeviceClient(connectionString, IotHubClientProtocol.HTTPS,
                ClientOptions.builder().sslContext(hub.sslContext()).sendInterval(1).messagesSentPerSendInterval(1000).build());
        client.open(false);
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        int batches = Math.max(1, count / batchSize);
        CountDownLatch done = new CountDownLatch(batches);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int b = 0; b < batches; b++) {
            List<Message> messages = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                messages.add(new Message(payload));
            }
            client.sendEventsAsync(messages, (sent, error, context) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                done.countDown();
            }, null);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("SDK: not every batch was acknowledged");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}

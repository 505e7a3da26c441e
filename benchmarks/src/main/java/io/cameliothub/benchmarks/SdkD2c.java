package io.cameliothub.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;

/**
 * The official device SDK's sendEventAsync with callbacks, at its best settings: a 1 ms send interval and up to 1000
 * messages per interval (the defaults are 10 ms and 10).
 */
final class SdkD2c implements D2cClient {

    private final IotHubClientProtocol protocol;
    private DeviceClient client;

    SdkD2c(IotHubClientProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return "iot-device-client 2.5.0";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        ClientOptions options = ClientOptions.builder().sslContext(hub.sslContext()).sendInterval(1)
                .messagesSentPerSendInterval(1000).build();
        client = new DeviceClient(connectionString, protocol, options);
        client.open(false);
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            client.sendEventAsync(new Message(payload), (message, error, context) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                done.countDown();
            }, null);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("SDK: not every message was acknowledged");
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

package io.cameliothub.benchmarks;

import java.util.function.Consumer;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;

/**
 * The official SDK's message callback at its best setting (1 ms receive interval; the default is 10 ms).
 */
final class SdkC2d implements C2dClient {

    private final IotHubClientProtocol protocol;
    private DeviceClient client;

    SdkC2d(IotHubClientProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return "iot-device-client 2.5.0";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId, Consumer<String> onMessageId) throws Exception {
        client = new DeviceClient(connectionString, protocol,
                ClientOptions.builder().sslContext(hub.sslContext()).receiveInterval(1).build());
        client.setMessageCallback((message, context) -> {
            onMessageId.accept(message.getMessageId());
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}

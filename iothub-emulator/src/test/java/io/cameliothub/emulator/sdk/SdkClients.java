package io.cameliothub.emulator.sdk;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import java.util.ArrayList;
import java.util.List;

/** The official SDK's clients of one test, created with the emulator's trust and closed after it. */
final class SdkClients {

    private final IotHubEmulatorExtension hub;
    private final List<AutoCloseable> closers = new ArrayList<>();

    SdkClients(IotHubEmulatorExtension hub) {
        this.hub = hub;
    }

    ClientOptions options() {
        return ClientOptions.builder().sslContext(hub.sslContext()).build();
    }

    DeviceClient device(String connectionString, IotHubClientProtocol protocol) {
        return device(connectionString, protocol, options());
    }

    DeviceClient device(String connectionString, IotHubClientProtocol protocol, ClientOptions options) {
        DeviceClient c = new DeviceClient(connectionString, protocol, options);
        closers.add(c::close);
        return c;
    }

    ModuleClient module(String connectionString, IotHubClientProtocol protocol) {
        ModuleClient c = new ModuleClient(connectionString, protocol, options());
        closers.add(c::close);
        return c;
    }

    /** Closes something else when the test ends (a MultiplexingClient, a service client, ...). */
    void onClose(AutoCloseable closer) {
        closers.add(closer);
    }

    void closeAll() {
        for (AutoCloseable c : closers) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        closers.clear();
    }
}

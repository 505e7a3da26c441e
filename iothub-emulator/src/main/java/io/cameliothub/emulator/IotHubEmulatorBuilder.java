package io.cameliothub.emulator;

import io.cameliothub.emulator.core.HubLimits;
import io.cameliothub.emulator.tls.TlsMaterial;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Configures and starts an {@link IotHubEmulator}: {@code IotHubEmulator.builder()...start()}. */
public final class IotHubEmulatorBuilder {
    String hostName = IotHubEmulator.DEFAULT_HOST_NAME;
    String bindAddress = "127.0.0.1";
    int mqttPort = IotHubEmulator.DEFAULT_MQTT_PORT;
    int httpsPort = IotHubEmulator.DEFAULT_HTTPS_PORT;
    int amqpPort = IotHubEmulator.DEFAULT_AMQP_PORT;
    TlsMaterial tls;
    Clock clock = Clock.systemUTC();
    HubLimits limits = HubLimits.defaults();
    private final List<String> devices = new ArrayList<>();

    /** Host name in connection strings, SAS audiences, MQTT user names and the certificate's SAN. */
    public IotHubEmulatorBuilder hostName(String hostName) {
        this.hostName = Objects.requireNonNull(hostName);
        return this;
    }

    /** Address the ports bind to; loopback by default. */
    public IotHubEmulatorBuilder bindAddress(String bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress);
        return this;
    }

    /** 0 picks a free port. Default 8883. */
    public IotHubEmulatorBuilder mqttPort(int port) {
        this.mqttPort = port;
        return this;
    }

    /** AMQP over TLS; 0 picks a free port. Default 5671. */
    public IotHubEmulatorBuilder amqpPort(int port) {
        this.amqpPort = port;
        return this;
    }

    /** HTTPS and WebSocket port; 0 picks a free port. Default 443. */
    public IotHubEmulatorBuilder httpsPort(int port) {
        this.httpsPort = port;
        return this;
    }

    /** Use the given certificate and key instead of a generated self-signed one. */
    public IotHubEmulatorBuilder tls(TlsMaterial tls) {
        this.tls = tls;
        return this;
    }

    public IotHubEmulatorBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    public IotHubEmulatorBuilder limits(HubLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    /** C2D lock (visibility) timeout; IoT Hub's is 1 minute. */
    public IotHubEmulatorBuilder c2dLockTimeout(Duration timeout) {
        this.limits = limits.withC2dLockTimeout(timeout);
        return this;
    }

    /** Generates the certificate now, so repeated start attempts share it. */
    IotHubEmulatorBuilder ensureTls() {
        if (tls == null) {
            tls = TlsMaterial.generate(hostName);
        }
        return this;
    }

    /** Registers a device with generated keys at start. */
    public IotHubEmulatorBuilder device(String deviceId) {
        devices.add(deviceId);
        return this;
    }

    /** @throws IotHubEmulator.EmulatorStartException when a port cannot be bound */
    public IotHubEmulator start() {
        IotHubEmulator hub = new IotHubEmulator(this);
        devices.forEach(hub.registry()::addDevice);
        return hub.startServers(mqttPort, amqpPort, httpsPort);
    }
}

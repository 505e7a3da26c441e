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
    /** Upper bound of {@link #eventLoops(int)}. */
    public static final int MAX_EVENT_LOOPS = 1024;

    String hostName = IotHubEmulator.DEFAULT_HOST_NAME;
    String bindAddress = "127.0.0.1";
    int mqttPort = IotHubEmulator.DEFAULT_MQTT_PORT;
    int httpsPort = IotHubEmulator.DEFAULT_HTTPS_PORT;
    int amqpPort = IotHubEmulator.DEFAULT_AMQP_PORT;
    TlsMaterial tls;
    Clock clock = Clock.systemUTC();
    HubLimits limits = HubLimits.defaults();
    int eventLoops = defaultEventLoops();
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
        this.mqttPort = checkPort("mqttPort", port);
        return this;
    }

    /** AMQP over TLS; 0 picks a free port. Default 5671. */
    public IotHubEmulatorBuilder amqpPort(int port) {
        this.amqpPort = checkPort("amqpPort", port);
        return this;
    }

    /** HTTPS and WebSocket port; 0 picks a free port. Default 443. */
    public IotHubEmulatorBuilder httpsPort(int port) {
        this.httpsPort = checkPort("httpsPort", port);
        return this;
    }

    /**
     * How many Vert.x event loops serve the hub's connections (MQTT, AMQP, HTTPS and WebSocket): every port is listened
     * on once per loop and new connections are spread over them in turn; a connection stays on its loop. Default: the
     * number of available processors. 1 serves everything on one thread.
     *
     * @throws IllegalArgumentException when below 1 or above {@value #MAX_EVENT_LOOPS}
     */
    public IotHubEmulatorBuilder eventLoops(int eventLoops) {
        if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
            throw new IllegalArgumentException("eventLoops must be 1 to " + MAX_EVENT_LOOPS + ", was " + eventLoops);
        }
        this.eventLoops = eventLoops;
        return this;
    }

    static int defaultEventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static int checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be 0 (any free port) to 65535, was " + port);
        }
        return port;
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

package io.cameliothub.emulator;

import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dQueue;
import io.cameliothub.emulator.core.ConnectionRegistry;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.EventLog;
import io.cameliothub.emulator.core.Faults;
import io.cameliothub.emulator.core.FeedbackLog;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.methods.DirectMethods;
import io.cameliothub.emulator.methods.MethodResponse;
import io.cameliothub.emulator.twin.ReportedUpdate;
import io.cameliothub.emulator.twin.Twin;
import io.cameliothub.emulator.twin.TwinStore;
import io.cameliothub.emulator.tls.TlsMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts an {@link IotHubEmulator} before the tests of a class and stops it after them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static IotHubEmulatorExtension hub = IotHubEmulatorExtension.builder().device("device-1").build();
 * ... hub.deviceConnectionString("device-1"), hub.sslContext(), hub.events().await(...)
 * }</pre>
 *
 * With {@link Builder#skipWhenPortsBusy()} the tests of a class whose fixed ports cannot be bound are skipped with the
 * reason, instead of failing; {@link Builder#waitForPorts(Duration)} first waits for busy ports to come free.
 */
public final class IotHubEmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(IotHubEmulatorExtension.class);

    private final IotHubEmulatorBuilder emulatorBuilder;
    private final List<String[]> modules;
    private final boolean skipWhenPortsBusy;
    private final Duration portWait;
    private IotHubEmulator hub;
    private String skipReason;

    private IotHubEmulatorExtension(Builder b) {
        this.emulatorBuilder = b.emulator;
        this.modules = List.copyOf(b.modules);
        this.skipWhenPortsBusy = b.skipWhenPortsBusy;
        this.portWait = b.portWait;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        skipReason = null;
        emulatorBuilder.ensureTls();
        long deadline = System.nanoTime() + portWait.toNanos();
        while (true) {
            try {
                hub = emulatorBuilder.start();
                break;
            } catch (IotHubEmulator.EmulatorStartException e) {
                if (System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    continue;
                }
                if (!skipWhenPortsBusy) {
                    throw e;
                }
                skipReason = "IoT Hub emulator cannot bind its ports"
                        + (portWait.isZero() ? "" : " (waited " + portWait.toSeconds() + " s)") + ": " + e.getMessage();
                LOG.warn("skipping the tests of {}: {}", context == null ? "this class"
                        : context.getDisplayName(), skipReason);
                return;
            }
        }
        modules.forEach(m -> hub.registry().addModule(m[0], m[1]));
    }

    /** Each test of a class whose hub could not start is skipped with the reason (surefire shows it per test). */
    @Override
    public void beforeEach(ExtensionContext context) {
        Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    /** The running emulator; only between beforeAll and afterAll. */
    public IotHubEmulator hub() {
        if (hub == null) {
            throw new IllegalStateException(skipReason != null ? skipReason
                    : "the IoT Hub emulator runs only while the test class runs");
        }
        return hub;
    }

    public String hostName() {
        return hub().hostName();
    }

    public int mqttPort() {
        return hub().mqttPort();
    }

    public int httpsPort() {
        return hub().httpsPort();
    }

    public int amqpPort() {
        return hub().amqpPort();
    }

    public TlsMaterial tls() {
        return hub().tls();
    }

    public SSLContext sslContext() {
        return hub().tls().sslContext();
    }

    /** A PKCS12 trust store file for Camel's SSLContextParameters or camel.ssl.trustStore; see the emulator's. */
    public java.nio.file.Path trustStorePath() {
        return hub().trustStorePath();
    }

    public String trustStorePassword() {
        return hub().trustStorePassword();
    }

    public DeviceRegistry registry() {
        return hub().registry();
    }

    /** The device's connection string; registers the device first if needed. */
    public String deviceConnectionString(String deviceId) {
        DeviceRegistry r = registry();
        return r.device(deviceId).orElseGet(() -> r.addDevice(deviceId)).connectionString();
    }

    /** The module's connection string; registers the device and module first if needed. */
    public String moduleConnectionString(String deviceId, String moduleId) {
        DeviceRegistry r = registry();
        r.device(deviceId).orElseGet(() -> r.addDevice(deviceId));
        return r.module(deviceId, moduleId).orElseGet(() -> r.addModule(deviceId, moduleId)).connectionString();
    }

    /** The {@code iothubowner} connection string, for service SDKs. */
    public String serviceConnectionString() {
        return hub().serviceConnectionString();
    }

    public DeviceInfo addDevice(String deviceId) {
        return registry().addDevice(deviceId);
    }

    /** @see IotHubEmulator#addX509Device(String) */
    public io.cameliothub.emulator.tls.ClientCertificate addX509Device(String deviceId) {
        return hub().addX509Device(deviceId);
    }

    /** @see IotHubEmulator#addCaDevice(String) */
    public io.cameliothub.emulator.tls.ClientCertificate addCaDevice(String deviceId) {
        return hub().addCaDevice(deviceId);
    }

    public ModuleInfo addModule(String deviceId, String moduleId) {
        return registry().addModule(deviceId, moduleId);
    }

    public String sendC2d(String deviceId, C2dMessage message) {
        return hub().sendC2d(deviceId, message);
    }

    public String sendC2d(String deviceId, String moduleId, C2dMessage message) {
        return hub().sendC2d(deviceId, moduleId, message);
    }

    public C2dQueue c2dQueue(String deviceId) {
        return hub().c2dQueue(deviceId);
    }

    public EventLog events() {
        return hub().events();
    }

    public FeedbackLog feedback() {
        return hub().feedback();
    }

    public ConnectionRegistry connections() {
        return hub().connections();
    }

    public Faults faults() {
        return hub().faults();
    }

    public TwinStore twins() {
        return hub().twins();
    }

    public Twin twin(String deviceId) {
        return hub().twin(deviceId);
    }

    public Twin patchDesired(String deviceId, String desiredPatchJson) {
        return hub().patchDesired(deviceId, desiredPatchJson);
    }

    public ReportedUpdate awaitReported(String deviceId, Predicate<ReportedUpdate> predicate, Duration timeout) {
        return hub().awaitReported(deviceId, predicate, timeout);
    }

    public DirectMethods methods() {
        return hub().methods();
    }

    public CompletableFuture<MethodResponse> invokeMethod(String deviceId, String methodName, String payloadJson) {
        return hub().invokeMethod(deviceId, methodName, payloadJson);
    }

    public static final class Builder {
        private final IotHubEmulatorBuilder emulator = IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(0);
        private final List<String[]> modules = new ArrayList<>();
        private boolean skipWhenPortsBusy;
        private Duration portWait = Duration.ZERO;

        /** Default {@value IotHubEmulator#DEFAULT_HOST_NAME}. */
        public Builder hostName(String hostName) {
            emulator.hostName(hostName);
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            emulator.bindAddress(bindAddress);
            return this;
        }

        /** Default 0 (a free port) in tests. */
        public Builder mqttPort(int port) {
            emulator.mqttPort(port);
            return this;
        }

        /** Default 0 (a free port) in tests. */
        public Builder amqpPort(int port) {
            emulator.amqpPort(port);
            return this;
        }

        /** Default 0 (a free port) in tests. */
        public Builder httpsPort(int port) {
            emulator.httpsPort(port);
            return this;
        }

        /** Binds IoT Hub's real ports (8883, 5671, 443) as the official SDKs need. */
        public Builder standardPorts() {
            emulator.mqttPort(IotHubEmulator.DEFAULT_MQTT_PORT).amqpPort(IotHubEmulator.DEFAULT_AMQP_PORT)
                    .httpsPort(IotHubEmulator.DEFAULT_HTTPS_PORT);
            return this;
        }

        /** Event loops serving the connections; default the number of processors (see the emulator builder). */
        public Builder eventLoops(int eventLoops) {
            emulator.eventLoops(eventLoops);
            return this;
        }

        public Builder c2dLockTimeout(Duration timeout) {
            emulator.c2dLockTimeout(timeout);
            return this;
        }

        public Builder tls(TlsMaterial tls) {
            emulator.tls(tls);
            return this;
        }

        public Builder device(String deviceId) {
            emulator.device(deviceId);
            return this;
        }

        public Builder module(String deviceId, String moduleId) {
            modules.add(new String[] {deviceId, moduleId});
            return this;
        }

        /** Skip the class's tests (JUnit assumption, with the reason) when a port cannot be bound. */
        public Builder skipWhenPortsBusy() {
            this.skipWhenPortsBusy = true;
            return this;
        }

        /** Keep trying to bind busy ports this long before giving up (other test runs on the machine may hold them). */
        public Builder waitForPorts(Duration wait) {
            this.portWait = wait;
            return this;
        }

        public IotHubEmulatorExtension build() {
            return new IotHubEmulatorExtension(this);
        }
    }
}

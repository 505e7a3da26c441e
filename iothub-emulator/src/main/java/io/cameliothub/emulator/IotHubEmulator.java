package io.cameliothub.emulator;

import io.cameliothub.emulator.amqp.AmqpHead;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dQueue;
import io.cameliothub.emulator.core.ConnectionRegistry;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.DisconnectReason;
import io.cameliothub.emulator.core.EventLog;
import io.cameliothub.emulator.core.Faults;
import io.cameliothub.emulator.core.FeedbackLog;
import io.cameliothub.emulator.core.HubCore;
import io.cameliothub.emulator.core.HubTimer;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.methods.DirectMethods;
import io.cameliothub.emulator.methods.MethodResponse;
import io.cameliothub.emulator.twin.ReportedUpdate;
import io.cameliothub.emulator.twin.Twin;
import io.cameliothub.emulator.twin.TwinStore;
import io.cameliothub.emulator.mqtt.MqttHead;
import io.cameliothub.emulator.service.ServiceRoutes;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.cameliothub.emulator.ws.HttpsFrontEnd;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local IoT-Hub-compatible hub: MQTT and AMQP over TLS, and the device REST API and MQTT and AMQP over WebSocket on
 * the HTTPS port, around a protocol-free {@link HubCore}. Start with {@link #builder()}; close to stop.
 *
 * <pre>{@code
 * try (IotHubEmulator hub = IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(0).start()) {
 *     DeviceInfo d = hub.registry().addDevice("device-1");
 *     ... d.connectionString(), hub.tls().sslContext(), hub.events().await(...)
 * }
 * }</pre>
 */
public final class IotHubEmulator implements AutoCloseable {

    public static final String DEFAULT_HOST_NAME = "hub.iothub.test";
    public static final int DEFAULT_MQTT_PORT = 8883;
    public static final int DEFAULT_HTTPS_PORT = 443;
    public static final int DEFAULT_AMQP_PORT = 5671;

    private static final Logger LOG = LoggerFactory.getLogger(IotHubEmulator.class);

    private final String bindAddress;
    private final TlsMaterial tls;
    private final HubCore core;
    private final ScheduledExecutorService timers;
    private final HubServers servers;
    private final X509Enrolment x509;
    private final int eventLoops;
    private Path trustStoreFile;

    IotHubEmulator(IotHubEmulatorBuilder b) {
        this.bindAddress = b.bindAddress;
        this.eventLoops = b.eventLoops;
        this.tls = b.tls != null ? b.tls : TlsMaterial.generate(b.hostName);
        ScheduledThreadPoolExecutor timerThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "iothub-emulator-timer");
            t.setDaemon(true);
            return t;
        });
        // every C2D message schedules a TTL (1 h) and a lock (1 min) task and cancels both when it completes: left in
        // the queue, they piled up and woke this thread once each when their time came
        timerThread.setRemoveOnCancelPolicy(true);
        this.timers = timerThread;
        HubTimer timer = (delay, task) -> {
            ScheduledFuture<?> f = timers.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        this.core = new HubCore(b.hostName, b.clock, timer, b.limits);
        this.servers = new HubServers(core, tls, b.eventLoops);
        this.x509 = new X509Enrolment(core);
    }

    public static IotHubEmulatorBuilder builder() {
        return new IotHubEmulatorBuilder();
    }

    IotHubEmulator startServers(int mqttPort, int amqpPort, int httpsPort) {
        try {
            servers.start(bindAddress, mqttPort, amqpPort, httpsPort);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("IoT Hub emulator {} listening on {}: MQTT {}, AMQP {}, HTTPS/WebSocket {}, on {} event loop(s)",
                hostName(), bindAddress, mqttPort(), amqpPort(), httpsPort(), eventLoops);
        return this;
    }

    public String hostName() {
        return core.hostName();
    }

    public String bindAddress() {
        return bindAddress;
    }

    /** How many event loops serve the connections (see {@link IotHubEmulatorBuilder#eventLoops(int)}). */
    public int eventLoops() {
        return eventLoops;
    }

    public int mqttPort() {
        return servers.mqtt.port();
    }

    public int httpsPort() {
        return servers.https.port();
    }

    public int amqpPort() {
        return servers.amqp.port();
    }

    /** The MQTT head (test hooks for malformed traffic). */
    public MqttHead mqtt() {
        return servers.mqtt;
    }

    /** The AMQP head: live AMQP connections (each may carry many devices), CBS put-token counts, dropping all. */
    public AmqpHead amqp() {
        return servers.amqp;
    }

    /**
     * A PKCS12 trust store file that trusts this hub (password {@link #trustStorePassword()}), written on the first
     * call and deleted when the hub closes: what Camel's {@code SSLContextParameters} ({@code file:} resource),
     * {@code camel.ssl.trustStore} or {@code -Djavax.net.ssl.trustStore} take.
     */
    public synchronized Path trustStorePath() {
        if (trustStoreFile == null) {
            try {
                trustStoreFile = tls.writeTrustStore(Files.createTempFile("iothub-emulator-trust", ".p12"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the emulator's trust store", e);
            }
        }
        return trustStoreFile;
    }

    /** The password of {@link #trustStorePath()}'s trust store. */
    public String trustStorePassword() {
        return TlsMaterial.TRUST_STORE_PASSWORD;
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** The protocol-free core, for protocol heads and advanced tests. */
    public HubCore core() {
        return core;
    }

    /** For protocol heads added beside MQTT (the same event loops; a server created outside a verticle uses one). */
    public Vertx vertx() {
        return servers.vertx;
    }

    /** The HTTPS port's front end, where further heads register WebSocket bridges and the REST handler. */
    public HttpsFrontEnd httpsFrontEnd() {
        return servers.https;
    }

    public DeviceRegistry registry() {
        return core.registry();
    }

    /**
     * The service REST API's route table on the HTTPS port (registry, and whatever further resources register):
     * add a {@link io.cameliothub.emulator.service.ServiceResource} to serve more of IoT Hub's service API.
     */
    public ServiceRoutes serviceRoutes() {
        return servers.serviceRoutes;
    }

    /** {@code HostName=..;SharedAccessKeyName=iothubowner;SharedAccessKey=..}: what the service SDKs take. */
    public String serviceConnectionString() {
        return serviceConnectionString(DeviceRegistry.OWNER_POLICY);
    }

    /** The connection string of a shared access policy, e.g. {@code service} or {@code registryRead}. */
    public String serviceConnectionString(String policyName) {
        return core.registry().policy(policyName)
                .orElseThrow(() -> new IllegalArgumentException("no shared access policy named " + policyName))
                .connectionString(hostName());
    }

    /** Sends a C2D message to a device. @return the message id. @throws io.cameliothub.emulator.core.HubException 403004 */
    public String sendC2d(String deviceId, C2dMessage message) {
        return core.sendC2d(Identity.device(deviceId), message);
    }

    public String sendC2d(String deviceId, String moduleId, C2dMessage message) {
        return core.sendC2d(Identity.module(deviceId, moduleId), message);
    }

    public String sendC2d(String deviceId, String body) {
        return sendC2d(deviceId, C2dMessage.of(body));
    }

    public C2dQueue c2dQueue(String deviceId) {
        return core.c2dQueue(Identity.device(deviceId));
    }

    public C2dQueue c2dQueue(String deviceId, String moduleId) {
        return core.c2dQueue(Identity.module(deviceId, moduleId));
    }

    public EventLog events() {
        return core.events();
    }

    public FeedbackLog feedback() {
        return core.feedback();
    }

    /** Device and module twins ({@link Identity} for modules): read, patch or replace desired properties and tags. */
    public TwinStore twins() {
        return core.twins();
    }

    public Twin twin(String deviceId) {
        return core.twins().get(Identity.device(deviceId));
    }

    /** Merges a desired-properties patch ({@code {"a":1,"gone":null}}); a subscribed device is told at once. */
    public Twin patchDesired(String deviceId, String desiredPatchJson) {
        return core.twins().patchDesired(Identity.device(deviceId), desiredPatchJson);
    }

    public Twin patchDesired(String deviceId, String moduleId, String desiredPatchJson) {
        return core.twins().patchDesired(Identity.module(deviceId, moduleId), desiredPatchJson);
    }

    /** The first reported patch from the device (already sent or arriving within {@code timeout}) that matches. */
    public ReportedUpdate awaitReported(String deviceId, Predicate<ReportedUpdate> predicate, Duration timeout) {
        return core.twins().awaitReported(Identity.device(deviceId), predicate, timeout);
    }

    /** Direct-method dispatch (invoke with any identity and timeouts, pending calls). */
    public DirectMethods methods() {
        return core.methods();
    }

    /**
     * Invokes a direct method with IoT Hub's defaults (30 s to answer; the device must be subscribed now).
     *
     * @param payloadJson JSON text or null
     * @return the device's answer; failed with a HubException 404103 (not online), 504101 (no answer in time), ...
     */
    public CompletableFuture<MethodResponse> invokeMethod(String deviceId, String methodName, String payloadJson) {
        return core.methods().invoke(Identity.device(deviceId), methodName, payloadJson);
    }

    public CompletableFuture<MethodResponse> invokeMethod(String deviceId, String methodName, String payloadJson,
                                                          Duration responseTimeout, Duration connectTimeout) {
        return core.methods().invoke(Identity.device(deviceId), methodName, payloadJson, responseTimeout,
                connectTimeout);
    }

    public ConnectionRegistry connections() {
        return core.connections();
    }

    public Faults faults() {
        return core.faults();
    }

    /**
     * Registers a device that authenticates with a new self-signed certificate (subject CN = device id), by its SHA-1
     * thumbprint. The device's keys do not work; the returned certificate and key are what its client presents.
     */
    public ClientCertificate addX509Device(String deviceId) {
        return x509.selfSignedDevice(deviceId);
    }

    /** As {@link #addX509Device(String)} for a module (subject CN = module id) of an existing device. */
    public ClientCertificate addX509Module(String deviceId, String moduleId) {
        return x509.selfSignedModule(deviceId, moduleId);
    }

    /**
     * Registers a CA-authenticated device and returns a certificate for it (subject CN = device id) issued by
     * {@link #verifiedCa()}.
     */
    public ClientCertificate addCaDevice(String deviceId) {
        return x509.caSignedDevice(deviceId);
    }

    /** The emulator's own test CA, generated on first use and held as verified: it issues CA-signed device certificates. */
    public CertificateAuthority verifiedCa() {
        return x509.verifiedCa();
    }

    @Override
    public void close() {
        core.connections().closeAll(DisconnectReason.SHUTDOWN);
        try {
            servers.close(10);
        } catch (Exception e) {
            LOG.warn("emulator did not close cleanly: {}", e.toString());
        } finally {
            timers.shutdownNow();
            deleteTrustStore();
        }
    }

    private synchronized void deleteTrustStore() {
        if (trustStoreFile != null) {
            try {
                Files.deleteIfExists(trustStoreFile);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", trustStoreFile, e.toString());
            }
            trustStoreFile = null;
        }
    }

    @Override
    public String toString() {
        return "IotHubEmulator[" + hostName() + "]";
    }

    /** Thrown when a port cannot be bound. */
    public static final class EmulatorStartException extends RuntimeException {
        EmulatorStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

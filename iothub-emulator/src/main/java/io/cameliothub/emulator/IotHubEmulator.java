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
import io.cameliothub.emulator.core.HubLimits;
import io.cameliothub.emulator.core.HubTimer;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.https.HttpsHead;
import io.cameliothub.emulator.methods.DirectMethods;
import io.cameliothub.emulator.methods.MethodResponse;
import io.cameliothub.emulator.twin.ReportedUpdate;
import io.cameliothub.emulator.twin.Twin;
import io.cameliothub.emulator.twin.TwinStore;
import io.cameliothub.emulator.mqtt.MqttHead;
import io.cameliothub.emulator.service.CloudToDeviceResource;
import io.cameliothub.emulator.service.DeviceResource;
import io.cameliothub.emulator.service.ModuleResource;
import io.cameliothub.emulator.service.ServiceHead;
import io.cameliothub.emulator.service.ServiceRoutes;
import io.cameliothub.emulator.service.TwinResource;
import io.cameliothub.emulator.service.MethodResource;
import io.cameliothub.emulator.core.X509Credentials;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
import io.cameliothub.emulator.tls.TlsMaterial;
import io.cameliothub.emulator.ws.HttpsFrontEnd;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    private final Vertx vertx;
    private final ScheduledExecutorService timers;
    private final MqttHead mqtt;
    private final AmqpHead amqp;
    private final HttpsFrontEnd https;
    private final ServiceRoutes serviceRoutes = new ServiceRoutes();
    private Path trustStoreFile;
    private CertificateAuthority verifiedCa;

    private IotHubEmulator(Builder b) {
        this.bindAddress = b.bindAddress;
        this.tls = b.tls != null ? b.tls : TlsMaterial.generate(b.hostName);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iothub-emulator-timer");
            t.setDaemon(true);
            return t;
        });
        HubTimer timer = (delay, task) -> {
            ScheduledFuture<?> f = timers.schedule(task, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        this.core = new HubCore(b.hostName, b.clock, timer, b.limits);
        this.vertx = Vertx.vertx();
        this.mqtt = new MqttHead(vertx, core, tls);
        this.amqp = new AmqpHead(vertx, core, tls);
        this.https = new HttpsFrontEnd(vertx, tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    private IotHubEmulator startServers(int mqttPort, int amqpPort, int httpsPort) {
        try {
            await(mqtt.start(bindAddress, mqttPort), "MQTT port " + mqttPort);
            https.webSocketBridge("mqtt", mqtt.webSocketBridge());
            await(amqp.start(bindAddress, amqpPort), "AMQP port " + amqpPort);
            https.webSocketBridge("AMQPWSB10", amqp.webSocketBridge());
            serviceRoutes.add(new DeviceResource(core)).add(new ModuleResource(core)).add(new TwinResource(core))
                    .add(new MethodResource(core))
                    .add(new CloudToDeviceResource(core));
            https.requestHandler(new ServiceHead(core, serviceRoutes, new HttpsHead(core)));
            await(https.start(bindAddress, httpsPort), "HTTPS port " + httpsPort);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("IoT Hub emulator {} listening on {}: MQTT {}, AMQP {}, HTTPS/WebSocket {}", hostName(), bindAddress,
                mqttPort(), amqpPort(), httpsPort());
        return this;
    }

    private static void await(io.vertx.core.Future<?> future, String what) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EmulatorStartException("cannot listen on " + what + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new EmulatorStartException("timed out binding " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorStartException("interrupted binding " + what, e);
        }
    }

    public String hostName() {
        return core.hostName();
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int mqttPort() {
        return mqtt.port();
    }

    public int httpsPort() {
        return https.port();
    }

    public int amqpPort() {
        return amqp.port();
    }

    /** The MQTT head (test hooks for malformed traffic). */
    public MqttHead mqtt() {
        return mqtt;
    }

    /** The AMQP head: live AMQP connections (each may carry many devices), CBS put-token counts, dropping all. */
    public AmqpHead amqp() {
        return amqp;
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

    /** For protocol heads added beside MQTT (the same event loops). */
    public Vertx vertx() {
        return vertx;
    }

    /** The HTTPS port's front end, where further heads register WebSocket bridges and the REST handler. */
    public HttpsFrontEnd httpsFrontEnd() {
        return https;
    }

    public DeviceRegistry registry() {
        return core.registry();
    }

    /**
     * The service REST API's route table on the HTTPS port (registry, and whatever further resources register):
     * add a {@link io.cameliothub.emulator.service.ServiceResource} to serve more of IoT Hub's service API.
     */
    public ServiceRoutes serviceRoutes() {
        return serviceRoutes;
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
        ClientCertificate cert = CertificateAuthority.selfSigned(deviceId);
        registry().addDevice(deviceId);
        core.x509().register(Identity.device(deviceId), X509Credentials.Type.SELF_SIGNED, cert.thumbprint(), null);
        return cert;
    }

    /** As {@link #addX509Device(String)} for a module (subject CN = module id) of an existing device. */
    public ClientCertificate addX509Module(String deviceId, String moduleId) {
        ClientCertificate cert = CertificateAuthority.selfSigned(moduleId);
        registry().addModule(deviceId, moduleId);
        core.x509().register(Identity.module(deviceId, moduleId), X509Credentials.Type.SELF_SIGNED,
                cert.thumbprint(), null);
        return cert;
    }

    /**
     * Registers a CA-authenticated device and returns a certificate for it (subject CN = device id) issued by
     * {@link #verifiedCa()}.
     */
    public ClientCertificate addCaDevice(String deviceId) {
        ClientCertificate cert = verifiedCa().issue(deviceId);
        registry().addDevice(deviceId);
        core.x509().register(Identity.device(deviceId), X509Credentials.Type.CERTIFICATE_AUTHORITY, null, null);
        return cert;
    }

    /** The emulator's own test CA, generated on first use and held as verified: it issues CA-signed device certificates. */
    public synchronized CertificateAuthority verifiedCa() {
        if (verifiedCa == null) {
            verifiedCa = CertificateAuthority.generate(hostName() + " device CA");
            core.x509().addVerifiedCa(verifiedCa.certificate());
        }
        return verifiedCa;
    }

    @Override
    public void close() {
        core.connections().closeAll(DisconnectReason.SHUTDOWN);
        List<io.vertx.core.Future<Void>> closing = new ArrayList<>();
        closing.add(mqtt.close());
        closing.add(amqp.close());
        closing.add(https.close());
        try {
            io.vertx.core.Future.join(closing).transform(r -> vertx.close())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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

    public static final class Builder {
        private String hostName = DEFAULT_HOST_NAME;
        private String bindAddress = "127.0.0.1";
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int httpsPort = DEFAULT_HTTPS_PORT;
        private int amqpPort = DEFAULT_AMQP_PORT;
        private TlsMaterial tls;
        private Clock clock = Clock.systemUTC();
        private HubLimits limits = HubLimits.defaults();
        private final List<String> devices = new ArrayList<>();

        /** Host name in connection strings, SAS audiences, MQTT user names and the certificate's SAN. */
        public Builder hostName(String hostName) {
            this.hostName = Objects.requireNonNull(hostName);
            return this;
        }

        /** Address the ports bind to; loopback by default. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress);
            return this;
        }

        /** 0 picks a free port. Default 8883. */
        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        /** AMQP over TLS; 0 picks a free port. Default 5671. */
        public Builder amqpPort(int port) {
            this.amqpPort = port;
            return this;
        }

        /** HTTPS and WebSocket port; 0 picks a free port. Default 443. */
        public Builder httpsPort(int port) {
            this.httpsPort = port;
            return this;
        }

        /** Use the given certificate and key instead of a generated self-signed one. */
        public Builder tls(TlsMaterial tls) {
            this.tls = tls;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder limits(HubLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** C2D lock (visibility) timeout; IoT Hub's is 1 minute. */
        public Builder c2dLockTimeout(Duration timeout) {
            this.limits = limits.withC2dLockTimeout(timeout);
            return this;
        }

        /** Generates the certificate now, so repeated start attempts share it. */
        Builder ensureTls() {
            if (tls == null) {
                tls = TlsMaterial.generate(hostName);
            }
            return this;
        }

        /** Registers a device with generated keys at start. */
        public Builder device(String deviceId) {
            devices.add(deviceId);
            return this;
        }

        /** @throws EmulatorStartException when a port cannot be bound */
        public IotHubEmulator start() {
            IotHubEmulator hub = new IotHubEmulator(this);
            devices.forEach(hub.registry()::addDevice);
            return hub.startServers(mqttPort, amqpPort, httpsPort);
        }
    }
}

package io.cameliothub.emulator.core;

import io.cameliothub.emulator.methods.DirectMethods;
import io.cameliothub.emulator.twin.TwinStore;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protocol-free hub: registry, authentication, telemetry intake, C2D queues, feedback, twins, direct methods,
 * live connections and faults. Protocol heads translate wire frames to these calls and back. Thread-safe.
 */
public final class HubCore {

    private final String hostName;
    private final Clock clock;
    private final HubTimer timer;
    private final HubLimits limits;
    private final DeviceRegistry registry;
    private final SasValidator sasValidator;
    private final ServiceAuthenticator serviceAuthenticator;
    private final X509Authenticator x509;
    private final EventLog events = new EventLog();
    private final FeedbackLog feedback = new FeedbackLog();
    private final FeedbackQueue feedbackQueue = new FeedbackQueue();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final Faults faults;
    private final Map<Identity, C2dQueue> queues = new ConcurrentHashMap<>();
    private final TwinStore twins;
    private final DirectMethods methods;

    public HubCore(String hostName, Clock clock, HubTimer timer, HubLimits limits) {
        this.hostName = hostName;
        this.clock = clock;
        this.timer = timer;
        this.limits = limits;
        this.registry = new DeviceRegistry(hostName, clock);
        this.x509 = new X509Authenticator(registry, clock);
        this.sasValidator = new SasValidator(registry, clock, limits.sasClockSkew(), x509::isX509);
        this.serviceAuthenticator = new ServiceAuthenticator(registry, clock, limits.sasClockSkew());
        this.faults = new Faults(connections, clock, timer);
        this.twins = new TwinStore(registry, clock);
        this.methods = new DirectMethods(registry, timer);
        feedback.listen(feedbackQueue::offer);
        registry.onRevoked(identity -> {
            if (identity.isModule()) {
                connections.close(identity, DisconnectReason.DEVICE_DISABLED);
            } else {
                connections.closeDevice(identity.deviceId(), DisconnectReason.DEVICE_DISABLED);
            }
        });
    }

    public String hostName() {
        return hostName;
    }

    public Clock clock() {
        return clock;
    }

    public HubLimits limits() {
        return limits;
    }

    public DeviceRegistry registry() {
        return registry;
    }

    public EventLog events() {
        return events;
    }

    public FeedbackLog feedback() {
        return feedback;
    }

    /** Feedback records waiting for a service receiver ({@code /messages/servicebound/feedback}). */
    public FeedbackQueue feedbackQueue() {
        return feedbackQueue;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public Faults faults() {
        return faults;
    }

    /** Device and module twins. */
    public TwinStore twins() {
        return twins;
    }

    /** Direct-method dispatch. */
    public DirectMethods methods() {
        return methods;
    }

    public HubTimer timer() {
        return timer;
    }

    /** Authenticates a SAS token for the identity its audience names. @throws HubException 401003 / 404001 */
    public AuthResult authenticate(String sasToken) {
        return sasValidator.validate(sasToken);
    }

    /** Authenticates a SAS token presented for {@code claimed}. @throws HubException 401003 / 404001 */
    public AuthResult authenticate(String sasToken, Identity claimed) {
        return sasValidator.validate(sasToken, claimed);
    }

    /**
     * Authenticates a service-side token signed with a shared access policy key.
     *
     * @param resourcePath what is accessed below the host name, e.g. {@code devices/d1}; empty for the hub
     * @throws HubException 401003
     */
    public ServiceAuth authenticateService(String sasToken, String resourcePath) {
        return serviceAuthenticator.validate(sasToken, resourcePath);
    }

    /** Whether a token is signed with a policy key ({@code skn}) for the hub rather than for a device or module. */
    public boolean isServiceToken(String sasToken) {
        try {
            SasToken sas = SasToken.parse(sasToken);
            return sas.keyName() != null && sasValidator.identityOf(sas.audience()).isEmpty();
        } catch (HubException e) {
            return false;
        }
    }

    /** X.509 registrations and the hub's verified CA certificates. */
    public X509Authenticator x509() {
        return x509;
    }

    /**
     * Authenticates {@code claimed} by the certificate chain its TLS client presented (leaf first).
     *
     * @throws HubException 401003 / 404001 / 404010
     */
    public AuthResult authenticate(java.util.List<java.security.cert.X509Certificate> chain, Identity claimed) {
        return x509.authenticate(chain, claimed);
    }

    /** Parses a resource URI such as {@code host/devices/d1/modules/m1} into an identity of this hub. */
    public java.util.Optional<Identity> identityOf(String audience) {
        return sasValidator.identityOf(audience);
    }

    /**
     * Takes a D2C message into the event log, stamping the connection properties and enqueued time.
     *
     * @throws HubException 413001 too large, 429001 throttled, 404001 identity gone or disabled
     */
    public D2cEvent acceptTelemetry(AuthResult auth, D2cMessage message, Protocol protocol) {
        Identity identity = auth.identity();
        if (!registry.isEnabled(identity)) {
            throw new HubException(IotHubError.DEVICE_NOT_FOUND, identity + " is not registered or disabled");
        }
        if (message.size() > limits.d2cMaxSize()) {
            throw new HubException(IotHubError.MESSAGE_TOO_LARGE, "message of " + message.size() + " bytes exceeds "
                    + limits.d2cMaxSize());
        }
        if (faults.throttling()) {
            throw new HubException(IotHubError.THROTTLING_EXCEPTION, "telemetry throttled");
        }
        Instant now = clock.instant();
        Map<String, String> sys = new LinkedHashMap<>(message.systemProperties());
        sys.put(SystemProperties.CONNECTION_DEVICE_ID, identity.deviceId());
        if (identity.isModule()) {
            sys.put(SystemProperties.CONNECTION_MODULE_ID, identity.moduleId());
        } else {
            sys.remove(SystemProperties.CONNECTION_MODULE_ID);
        }
        sys.put(SystemProperties.CONNECTION_AUTH_METHOD, auth.authMethod());
        sys.put(SystemProperties.CONNECTION_AUTH_GENERATION_ID, generationId(identity));
        sys.put(SystemProperties.ENQUEUED_TIME, DateTimeFormatter.ISO_INSTANT.format(now));
        return events.append(sequence -> new D2cEvent(identity.deviceId(), identity.moduleId(), message.body(), sys,
                message.applicationProperties(), protocol, now, sequence));
    }

    /** The identity's C2D queue (created on first use). @throws HubException 404001 for an unknown identity */
    public C2dQueue c2dQueue(Identity identity) {
        C2dQueue q = queues.get(identity);
        if (q != null) {
            return q;
        }
        if (!registry.exists(identity)) {
            throw new HubException(identity.isModule() ? IotHubError.MODULE_NOT_FOUND : IotHubError.DEVICE_NOT_FOUND,
                    identity + " not found");
        }
        return queues.computeIfAbsent(identity, id -> new C2dQueue(id, limits, clock, timer, feedback::add,
                generationId(id)));
    }

    /** Enqueues a C2D message. @return its message id. @throws HubException 403004 at queue depth, 404001 */
    public String sendC2d(Identity identity, C2dMessage message) {
        return c2dQueue(identity).enqueue(message).messageId();
    }

    private String generationId(Identity identity) {
        if (identity.isModule()) {
            return registry.module(identity.deviceId(), identity.moduleId()).map(ModuleInfo::generationId).orElse("");
        }
        return registry.device(identity.deviceId()).map(DeviceInfo::generationId).orElse("");
    }
}

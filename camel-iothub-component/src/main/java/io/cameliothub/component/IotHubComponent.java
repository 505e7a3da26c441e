package io.cameliothub.component;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import io.cameliothub.component.transport.internal.HttpClients;
import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportProtocol;
import io.cameliothub.component.transport.internal.TransportRegistry;
import io.cameliothub.component.transport.internal.TransportResources;
import io.cameliothub.component.transport.internal.amqp.AmqpTransportFactory;
import io.cameliothub.component.transport.internal.https.HttpsTransportFactory;
import io.cameliothub.component.transport.internal.mqtt.MqttTransportFactory;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The {@code iothub:} component. Options set here (a connection string, a key, TLS settings...) are the defaults of
 * every endpoint it creates.
 */
@Component("iothub")
public class IotHubComponent extends HealthCheckComponent implements SSLContextParametersAware {

    @Metadata
    private IotHubConfiguration configuration = new IotHubConfiguration();
    /**
     * Use the context's global SSLContextParameters (the camel.ssl options of Camel Main, Spring Boot and JBang) for endpoints
     * that set no sslContextParameters of their own.
     */
    @Metadata(label = "security", defaultValue = "false")
    private boolean useGlobalSslContextParameters;

    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private ExecutorService completions;
    private ExecutorService io;
    private final HttpClients httpClients = new HttpClients();
    private final Map<SSLContextParameters, SSLContext> sslContexts = new IdentityHashMap<>();
    private final IotHubCertificateContexts certificateContexts = new IotHubCertificateContexts(() -> clock.instant());
    private final TransportRegistry transports = new TransportRegistry();
    /** When each transport's first start-up wait ends (weak: a closed transport drops out). */
    private final Map<IotHubTransport, Long> openDeadlines = new java.util.WeakHashMap<>();
    private IotHubMeterBinding meters;

    public IotHubComponent() {
        transports.register(TransportProtocol.MQTT, MqttTransportFactory.INSTANCE);
        transports.register(TransportProtocol.MQTT_WS, MqttTransportFactory.INSTANCE);
        AmqpTransportFactory amqp = new AmqpTransportFactory();
        transports.register(TransportProtocol.AMQPS, amqp);
        transports.register(TransportProtocol.AMQPS_WS, amqp);
        transports.register(TransportProtocol.HTTPS, HttpsTransportFactory.INSTANCE);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ExecutorServiceManager threads = getCamelContext().getExecutorServiceManager();
        scheduler = threads.newScheduledThreadPool(this, "IotHubTimers", IotHubThreads.timers());
        completions = threads.newThreadPool(this, "IotHubCompletions", IotHubThreads.completions());
        io = threads.newCachedThreadPool(this, "IotHubIo");
    }

    @Override
    protected void doStop() throws Exception {
        transports.closeAll();
        httpClients.closeAll();
        synchronized (this) {
            meters = null; // a restarted component looks for the registry again
        }
        synchronized (sslContexts) {
            sslContexts.clear(); // a restarted component reads its key and trust stores again
        }
        certificateContexts.clear();
        ExecutorServiceManager threads = getCamelContext().getExecutorServiceManager();
        if (scheduler != null) {
            threads.shutdown(scheduler);
            scheduler = null;
        }
        if (completions != null) {
            threads.shutdown(completions); // outcomes already handed over still reach their exchanges
            completions = null;
        }
        if (io != null) {
            threads.shutdown(io); // AMQP loops end once their connection closed
            io = null;
        }
        super.doStop();
    }

    /** What a device's session borrows from the component: threads, clock, TLS context and HTTP clients. */
    /**
     * How long a start may still wait for this transport's first connection: connectTimeout from the first wait, so a
     * device's producer and consumer together wait it once.
     */
    long openDeadlineMillis(IotHubTransport transport, long connectTimeoutMillis) {
        long now = System.nanoTime();
        long deadline;
        synchronized (openDeadlines) {
            deadline = openDeadlines.computeIfAbsent(transport, t -> now + connectTimeoutMillis * 1_000_000L);
        }
        return Math.max(0, (deadline - now) / 1_000_000L);
    }

    TransportResources resources(IotHubSettings settings) {
        try {
            SSLContext ssl = settings.certificateFiles() != null
                    ? certificateContexts.get(settings.certificateFiles(), settings.sslContext(), getCamelContext())
                    : settings.sslContext() == null ? SSLContext.getDefault() : sslContextFor(settings.sslContext());
            return new TransportResources(scheduler, completions, io, clock, ssl, httpClients);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("sslContextParameters cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** One TLS context per sslContextParameters: a gateway's thousands of devices must not each reload the stores. */
    private SSLContext sslContextFor(SSLContextParameters parameters) throws GeneralSecurityException, java.io.IOException {
        synchronized (sslContexts) {
            SSLContext ssl = sslContexts.get(parameters);
            if (ssl == null) {
                ssl = parameters.createSSLContext(getCamelContext());
                java.nio.file.Path keyStore = keyStoreFile(parameters);
                if (keyStore != null) {
                    // a rotated device certificate is picked up at the next connect (see IotHubReloadingSslContext)
                    ssl = new IotHubReloadingSslContext(ssl, List.of(keyStore), () -> parameters.createSSLContext(getCamelContext()));
                }
                sslContexts.put(parameters, ssl);
            }
            return ssl;
        }
    }

    /** The key store file of sslContextParameters' key managers, or null when there is none or it is no file. */
    private static java.nio.file.Path keyStoreFile(SSLContextParameters parameters) {
        if (parameters.getKeyManagers() == null || parameters.getKeyManagers().getKeyStore() == null) {
            return null;
        }
        String resource = parameters.getKeyManagers().getKeyStore().getResource();
        if (resource == null) {
            return null;
        }
        String path = resource.startsWith("file:") ? resource.substring("file:".length()) : resource;
        try {
            java.nio.file.Path file = java.nio.file.Path.of(path);
            return java.nio.file.Files.isRegularFile(file) ? file : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null; // classpath: or http: resources are not watched
        }
    }

    /** Where the transports' meters go: looked up once per start, when the first route takes a device. */
    synchronized IotHubMeterBinding meters() {
        if (meters == null) {
            meters = IotHubMeterBinding.lookup(getCamelContext());
        }
        return meters;
    }

    /** The transports of this component's endpoints, shared per device. */
    public TransportRegistry getTransports() {
        return transports;
    }

    @Override
    public Endpoint createEndpoint(String uri, Map<String, Object> properties) throws Exception {
        // before Camel or this component print the URI anywhere: a misspelled secret option must be masked too
        IotHubOptionGuard.maskSecretsOfUnknownOptions(getCamelContext(), uri);
        return super.createEndpoint(uri, properties);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // an IllegalArgumentException is wrapped once by Camel, in a ResolveEndpointFailedException with the masked URI
        IotHubOptionGuard.refuseUnknownOptions(parameters);
        IotHubConfiguration config = configuration.copy();
        applyPath(remaining, config);
        checkProtocol(parameters.get("protocol"));
        IotHubOptionValues.check(parameters);
        IotHubEndpoint endpoint = new IotHubEndpoint(uri, this, config);
        IotHubGatewayDeviceList.resolveReference(getCamelContext(), parameters);
        boolean listsDevices = parameters.get(IotHubGatewayDeviceList.OPTION) != null;
        setProperties(endpoint, parameters);
        if (listsDevices && !config.isGateway()) {
            throw new IllegalArgumentException(IotHubGatewayDeviceList.OPTION + " lists the devices of a gateway "
                                               + "endpoint: it needs gateway=true");
        }
        if (config.getSslContextParameters() == null && useGlobalSslContextParameters) {
            config.setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        endpoint.resolveSettings();
        return endpoint;
    }

    private static void applyPath(String remaining, IotHubConfiguration config) {
        if (remaining == null || remaining.isEmpty()) {
            return;
        }
        String[] parts = remaining.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("The endpoint path '" + remaining
                                               + "' is not valid: expected iothub:deviceId or iothub:deviceId/moduleId");
        }
        config.setDeviceId(parts[0]);
        config.setModuleId(parts.length == 2 ? parts[1] : null);
    }

    private static void checkProtocol(Object value) {
        if (value instanceof String text && !text.startsWith("#") && !text.startsWith("{{")) {
            boolean known = Arrays.stream(IotHubProtocol.values()).anyMatch(p -> p.name().equalsIgnoreCase(text.trim()));
            if (!known) {
                throw new IllegalArgumentException("protocol '" + text + "' is not known: expected one of "
                                                   + Arrays.stream(IotHubProtocol.values()).map(Enum::name)
                                                           .collect(Collectors.joining(", ")));
            }
        }
    }

    public IotHubConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The options every endpoint of this component starts from.
     */
    public void setConfiguration(IotHubConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }

    /** The clock tokens are minted and checked against. */
    public Clock getClock() {
        return clock;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }
}

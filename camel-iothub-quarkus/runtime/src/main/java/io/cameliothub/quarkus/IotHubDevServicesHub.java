package io.cameliothub.quarkus;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The cloud side of the IoT Hub Dev Service, for tests and dev mode: registers devices, sends cloud-to-device
 * messages and waits for telemetry. The emulator runs in an isolated class loader (it needs Vert.x 5, Quarkus brings
 * Vert.x 4), so it is reached through the platform MBean server, with JDK types only.
 *
 * <pre>{@code
 * IotHubDevServicesHub hub = IotHubDevServicesHub.current();
 * hub.sendC2d("device-1", "open the vents");
 * String body = hub.awaitTelemetry("device-1", "temperature", Duration.ofSeconds(10));
 * }</pre>
 */
public final class IotHubDevServicesHub {

    /** Config keys the Dev Service injects. */
    public static final String PREFIX = "iothub.devservices.";
    public static final String JMX_NAME = PREFIX + "jmx-name";
    public static final String HOST_NAME = PREFIX + "host-name";
    public static final String MQTT_PORT = PREFIX + "mqtt-port";
    public static final String AMQP_PORT = PREFIX + "amqp-port";
    public static final String HTTPS_PORT = PREFIX + "https-port";
    public static final String TRUST_STORE = PREFIX + "trust-store";
    public static final String TRUST_STORE_PASSWORD = PREFIX + "trust-store-password";
    public static final String POLICY_NAME = PREFIX + "device-policy-name";
    public static final String POLICY_KEY = PREFIX + "device-policy-key";

    /** Any of these means the application talks to a hub of its own: no Dev Service then. */
    public static final List<String> HUB_PROPERTIES = List.of("camel.component.iothub.host-name",
            "camel.component.iothub.hostName", "camel.component.iothub.connection-string",
            "camel.component.iothub.connectionString");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    IotHubDevServicesHub(String jmxName) {
        try {
            this.name = new ObjectName(jmxName);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(JMX_NAME + " is not a JMX object name: " + jmxName, e);
        }
    }

    /**
     * The hub the Dev Service started for this application.
     *
     * @throws IllegalStateException when no IoT Hub Dev Service runs (prod mode, disabled, or a hub is configured)
     */
    public static IotHubDevServicesHub current() {
        return find(ConfigProvider.getConfig()).orElseThrow(() -> new IllegalStateException(
                "no IoT Hub Dev Service runs for this application: it starts in dev and test mode when the application "
                        + "uses iothub:, quarkus.camel.iothub.devservices.enabled is not false and no hub is configured "
                        + "(camel.component.iothub.host-name or connection-string)"));
    }

    /** Whether the application's configuration names a hub (see {@link #HUB_PROPERTIES}). */
    public static boolean hubConfigured(Config config) {
        return HUB_PROPERTIES.stream()
                .anyMatch(key -> config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).isPresent());
    }

    static Optional<IotHubDevServicesHub> find(Config config) {
        return config.getOptionalValue(JMX_NAME, String.class).map(IotHubDevServicesHub::new);
    }

    /** Registers a device with generated keys, unless it exists. */
    public void registerDevice(String deviceId) {
        invoke("registerDevice", new Object[] { deviceId }, String.class.getName());
    }

    /** Registers a module (and its device) with generated keys, unless it exists. */
    public void registerModule(String deviceId, String moduleId) {
        invoke("registerModule", new Object[] { deviceId, moduleId }, String.class.getName(), String.class.getName());
    }

    /** Queues a cloud-to-device message with a text body. @return its message id */
    public String sendC2d(String deviceId, String body) {
        return (String) invoke("sendC2d", new Object[] { deviceId, body }, String.class.getName(),
                String.class.getName());
    }

    /**
     * Waits for a telemetry message of the device whose body contains the given text (any message when it is empty).
     *
     * @return the body, as UTF-8 text
     * @throws IllegalStateException when none arrives in time
     */
    public String awaitTelemetry(String deviceId, String bodyContains, java.time.Duration timeout) {
        return (String) invoke("awaitTelemetry", new Object[] { deviceId, bodyContains, timeout.toMillis() },
                String.class.getName(), String.class.getName(), long.class.getName());
    }

    /** The JMX object name, for jconsole or jmc in dev mode. */
    public String jmxName() {
        return name.getCanonicalName();
    }

    private Object invoke(String operation, Object[] args, String... signature) {
        try {
            return server.invoke(name, operation, args, signature);
        } catch (JMException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("IoT Hub Dev Service " + operation + " failed: " + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("IoT Hub Dev Service " + operation + " failed: " + cause.getMessage(), cause);
        }
    }
}

package io.cameliothub.quarkus.deployment.devservices;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.quarkus.deployment.devservices.hub.EmulatorHub;
import io.cameliothub.quarkus.deployment.devservices.hub.EmulatorHubMBean;
import io.quarkus.deployment.builditem.Startable;
import org.jboss.logging.Logger;

/**
 * The IoT Hub emulator as a Dev Service: resolved with Maven, loaded in its own class loader (Vert.x 5 beside
 * Quarkus's Vert.x 4), started on free loopback ports. Quarkus starts it before the application, shares it between
 * test classes and dev-mode restarts while the configuration stays the same, and closes it at the end.
 */
final class EmulatorDevService implements Startable {

    static final String HOST_NAME = "localhost";
    private static final Logger LOG = Logger.getLogger(EmulatorDevService.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final IotHubDevServicesConfig.Settings settings;
    private final Map<String, String> started = new HashMap<>();
    private EmulatorClassLoader loader;
    private AutoCloseable hub;
    private Thread stopAtExit;

    EmulatorDevService(IotHubDevServicesConfig.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        long t0 = System.nanoTime();
        List<URL> classpath = EmulatorClasspath.resolve(settings.emulatorArtifact());
        long resolved = (System.nanoTime() - t0) / 1_000_000;
        String jmxName = "io.cameliothub:type=IotHubEmulator,name=devservices-" + INSTANCES.incrementAndGet();
        Map<String, String> options = Map.of("host-name", HOST_NAME, "devices", String.join(",", settings.devices()),
                "jmx-name", jmxName);
        loader = new EmulatorClassLoader(classpath, loggingClassLoader(),
                List.of(EmulatorHub.class, EmulatorHubMBean.class));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader); // Vert.x looks up its service providers there
        try {
            Object bridge = loader.loadClass(EmulatorHub.class.getName()).getConstructor(Map.class, Map.class)
                    .newInstance(options, started);
            hub = (AutoCloseable) bridge;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            closeLoader();
            throw new IllegalStateException("the IoT Hub Dev Service cannot start the emulator: " + cause, cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
        started.put("jmx-name", jmxName);
        // Quarkus closes a Dev Service it no longer needs; at the end of a test run the JVM just exits, so stop the
        // emulator (and delete its trust store) then
        stopAtExit = new Thread(this::closeQuietly, "iothub-devservices-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        LOG.infof("IoT Hub Dev Service: emulator %s up in %d ms (%d of them resolving its class path) on %s: MQTT %s, AMQPS %s, HTTPS and WebSocket %s; "
                + "devices %s (and every device an iothub: endpoint names). Send it a C2D message from a test with "
                + "IotHubDevServicesHub.current().sendC2d(deviceId, text), or in dev mode with jconsole: MBean %s, "
                + "operation sendC2d", HOST_NAME, (System.nanoTime() - t0) / 1_000_000, resolved, HOST_NAME,
                started.get("mqtt-port"), started.get("amqp-port"), started.get("https-port"),
                settings.devices().isEmpty() ? "none listed" : settings.devices(), jmxName);
    }

    /** Where the emulator's org.slf4j classes come from: Quarkus's slf4j, bound to its log manager. */
    private static ClassLoader loggingClassLoader() {
        try {
            return Class.forName("org.slf4j.LoggerFactory", false, EmulatorDevService.class.getClassLoader())
                    .getClassLoader();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A value the emulator reported at start: host-name, mqtt-port, ..., policy-key, jmx-name. */
    String get(String key) {
        String v = started.get(key);
        if (v == null) {
            throw new IllegalStateException("the IoT Hub Dev Service has not started (no " + key + ")");
        }
        return v;
    }

    @Override
    public String getConnectionInfo() {
        return HOST_NAME + ": MQTT " + started.get("mqtt-port") + ", AMQPS " + started.get("amqp-port")
                + ", HTTPS " + started.get("https-port");
    }

    @Override
    public String getContainerId() {
        return null;
    }

    private void closeQuietly() {
        stopAtExit = null; // running as the hook
        try {
            close();
        } catch (IOException e) {
            // close() logs and swallows the emulator's own failures
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
            stopAtExit = null;
        }
        try {
            if (hub != null) {
                hub.close();
                LOG.info("IoT Hub Dev Service: emulator stopped");
            }
        } catch (Exception e) {
            LOG.warnf("IoT Hub Dev Service: the emulator did not stop cleanly: %s", e.toString());
        } finally {
            hub = null;
            closeLoader();
        }
    }

    private void closeLoader() {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debugf("closing the emulator's class loader: %s", e);
            }
            loader = null;
        }
    }
}

package io.cameliothub.quarkus.deployment.devservices.hub;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.management.ObjectName;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.AwaitTimeoutException;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.HubException;
import io.cameliothub.emulator.tls.TlsMaterial;

/**
 * Runs inside the emulator's isolated class loader (this package is defined there, next to Vert.x 5): starts the
 * emulator on free loopback ports, writes its trust store, registers the configured devices and publishes itself as
 * an MBean. Talks to the Dev Service only through JDK types: the option and result maps, AutoCloseable, JMX.
 */
public final class EmulatorHub implements EmulatorHubMBean, AutoCloseable {

    private final IotHubEmulator hub;
    private final Path trustStore;
    private final ObjectName name;

    /**
     * @param options host-name, devices (comma-separated), jmx-name
     * @param out     filled with host-name, mqtt-port, amqp-port, https-port, trust-store, trust-store-password,
     *                policy-name, policy-key
     */
    public EmulatorHub(Map<String, String> options, Map<String, String> out) throws Exception {
        hub = IotHubEmulator.builder().hostName(options.get("host-name")).mqttPort(0).amqpPort(0).httpsPort(0).start();
        try {
            for (String id : options.getOrDefault("devices", "").split(",")) {
                if (!id.isBlank()) {
                    registerDevice(id.trim());
                }
            }
            trustStore = hub.tls().writeTrustStore(Files.createTempFile("iothub-devservices-", ".p12"));
            AccessPolicy policy = hub.registry().policy(DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow(
                    () -> new IllegalStateException("the emulator has no '" + DeviceRegistry.DEFAULT_DEVICE_POLICY
                            + "' policy"));
            name = new ObjectName(options.get("jmx-name"));
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, name);
            out.put("host-name", hub.hostName());
            out.put("mqtt-port", Integer.toString(hub.mqttPort()));
            out.put("amqp-port", Integer.toString(hub.amqpPort()));
            out.put("https-port", Integer.toString(hub.httpsPort()));
            out.put("trust-store", trustStore.toAbsolutePath().toString());
            out.put("trust-store-password", TlsMaterial.TRUST_STORE_PASSWORD);
            out.put("policy-name", policy.name());
            out.put("policy-key", policy.primaryKey());
        } catch (Exception e) {
            hub.close();
            throw e;
        }
    }

    @Override
    public String getHostName() {
        return hub.hostName();
    }

    @Override
    public int getMqttPort() {
        return hub.mqttPort();
    }

    @Override
    public int getAmqpPort() {
        return hub.amqpPort();
    }

    @Override
    public int getHttpsPort() {
        return hub.httpsPort();
    }

    @Override
    public String[] getDevices() {
        return hub.registry().devices().stream().map(DeviceInfo::deviceId).sorted().toArray(String[]::new);
    }

    @Override
    public void registerDevice(String deviceId) {
        DeviceRegistry registry = hub.registry();
        if (registry.device(deviceId).isEmpty()) {
            registry.addDevice(deviceId);
        }
    }

    @Override
    public void registerModule(String deviceId, String moduleId) {
        registerDevice(deviceId);
        if (hub.registry().module(deviceId, moduleId).isEmpty()) {
            hub.registry().addModule(deviceId, moduleId);
        }
    }

    @Override
    public String sendC2d(String deviceId, String body) {
        try {
            return hub.sendC2d(deviceId, body);
        } catch (HubException e) {
            // JDK types only: the caller's class loader does not know the emulator's exceptions
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public String awaitTelemetry(String deviceId, String bodyContains, long timeoutMillis) {
        String text = bodyContains == null ? "" : bodyContains;
        try {
            return hub.events().await(e -> e.deviceId().equals(deviceId) && e.bodyAsString().contains(text),
                    Duration.ofMillis(timeoutMillis)).bodyAsString();
        } catch (AwaitTimeoutException e) {
            throw new IllegalStateException("no telemetry from " + deviceId + " containing '" + text + "' within "
                    + timeoutMillis + " ms");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } finally {
            hub.close();
            Files.deleteIfExists(trustStore);
        }
    }
}

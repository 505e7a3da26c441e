package io.cameliothub.examples.springboot.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the emulator on loopback (ephemeral ports), registers the device named by demo.device-id, and publishes what
 * application.properties refers to: embedded-hub.mqtt-port, embedded-hub.connection-string (the device's, generated
 * at start) and the bean embeddedHubTls, which trusts the emulator's certificate.
 */
public class EmbeddedHub implements BeanFactoryPostProcessor, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger("hub");

    private final ConfigurableEnvironment environment;
    private IotHubEmulator hub;
    private DeviceInfo device;
    private Path trustStore;

    EmbeddedHub(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String deviceId = environment.getProperty("demo.device-id", "demo-device");
        hub = IotHubEmulator.builder().hostName("localhost").mqttPort(0).amqpPort(0).httpsPort(0).start();
        device = hub.registry().addDevice(deviceId);
        try {
            trustStore = hub.tls().writeTrustStore(Files.createTempFile("iothub-demo-trust", ".p12"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the emulator's trust store", e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedHub", Map.of(
                "embedded-hub.mqtt-port", hub.mqttPort(),
                "embedded-hub.https-port", hub.httpsPort(),
                "embedded-hub.connection-string", device.connectionString())));
        beanFactory.registerSingleton("embeddedHubTls", trust(trustStore));
        LOG.info("[hub] emulator up: MQTT on localhost:{}, WebSocket/HTTPS on localhost:{}, device {} registered",
                hub.mqttPort(), hub.httpsPort(), deviceId);
    }

    IotHubEmulator hub() {
        return hub;
    }

    String deviceId() {
        return device.deviceId();
    }

    @Override
    public void destroy() throws IOException {
        if (hub != null) {
            hub.close();
            Files.deleteIfExists(trustStore);
        }
    }

    private static SSLContextParameters trust(Path trustStore) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore.toAbsolutePath());
        ks.setPassword(TlsMaterial.TRUST_STORE_PASSWORD);
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }
}

package io.cameliothub.component.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * One IoT Hub emulator on loopback for all the starter's tests, started before the first Spring context (each test
 * class registers its own devices). Ports are ephemeral; the host name is localhost, which the emulator's certificate
 * names.
 */
final class TestHub {

    private static IotHubEmulator hub;
    private static Path trustStore;

    private TestHub() {
    }

    static synchronized IotHubEmulator get() {
        if (hub == null) {
            hub = IotHubEmulator.builder().hostName("localhost").mqttPort(0).amqpPort(0).httpsPort(0).start();
            try {
                trustStore = hub.tls().writeTrustStore(Files.createTempFile("iothub-starter-trust", ".p12"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestHub::stop, "test-hub-stop"));
        }
        return hub;
    }

    /** Trusts the emulator's certificate; tests bind it as a bean and name it in sslContextParameters. */
    static SSLContextParameters trust() {
        get();
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

    private static synchronized void stop() {
        try {
            hub.close();
            Files.deleteIfExists(trustStore);
        } catch (Exception e) {
            // the JVM is going away
        }
    }
}

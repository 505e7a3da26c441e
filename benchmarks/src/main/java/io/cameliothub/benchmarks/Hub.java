package io.cameliothub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The emulator every benchmark runs against, on IoT Hub's fixed ports (the official SDK dials nothing else) and the
 * name hub.iothub.test, which the benchmark JVM's hosts file maps to 127.0.0.1.
 */
final class Hub implements AutoCloseable {

    static final String HOST = "hub.iothub.test";

    private final IotHubEmulator emulator;
    private final Path trustStore;
    private final AtomicInteger devices = new AtomicInteger();

    Hub() throws Exception {
        emulator = IotHubEmulator.builder().hostName(HOST).start();
        trustStore = emulator.tls().writeTrustStore(Files.createTempFile("bench-trust", ".p12"));
    }

    IotHubEmulator emulator() {
        return emulator;
    }

    DeviceInfo newDevice(String purpose) {
        return emulator.registry().addDevice(purpose + "-" + devices.incrementAndGet());
    }

    SSLContext sslContext() {
        return emulator.tls().sslContext();
    }

    SSLContextParameters camelTls() {
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

    @Override
    public void close() throws Exception {
        emulator.close();
        Files.deleteIfExists(trustStore);
    }
}

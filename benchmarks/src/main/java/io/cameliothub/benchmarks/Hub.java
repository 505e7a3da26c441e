package io.cameliothub.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The hub every benchmark runs against: the emulator in its own JVM ({@link EmulatorProcess}) on IoT Hub's fixed
 * ports (the official SDK dials nothing else) and the name hub.iothub.test, which the benchmark JVM's hosts file maps
 * to 127.0.0.1.
 */
final class Hub implements AutoCloseable {

    static final String HOST = "hub.iothub.test";

    /** A registered device. */
    record Device(String deviceId, String connectionString) {
    }

    private final Path dir;
    private final EmulatorProcess emulator;
    private final SSLContext sslContext;
    private final AtomicInteger devices = new AtomicInteger();

    Hub() throws Exception {
        dir = Files.createTempDirectory("bench-hub");
        emulator = new EmulatorProcess(dir, "1g");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(emulator.trustStore())) {
            ks.load(in, TlsMaterial.TRUST_STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        sslContext = SSLContext.getInstance("TLS");
        sslContext.init(null, tmf.getTrustManagers(), null);
    }

    Device newDevice(String purpose) {
        String id = purpose + "-" + devices.incrementAndGet();
        return new Device(id, emulator.call("device " + id));
    }

    /** Registers {@code prefix-0} .. {@code prefix-(count-1)}, whose keys stay in the hub (use {@link #policyKey()}). */
    void registerDevices(String prefix, int count) {
        emulator.call("devices " + prefix + " " + count);
    }

    /** The {@code device} policy's name and key (DeviceConnect): tokens for any registered device. */
    String[] policyKey() {
        return emulator.call("policy").split(" ", 2);
    }

    /** D2C messages the hub accepted since the last {@link #clearEvents()}. */
    long acceptedEvents() {
        return Long.parseLong(emulator.call("count"));
    }

    void clearEvents() {
        emulator.call("clear");
    }

    /** Drops the stored events' bodies from the hub's memory; the count goes on. */
    void trimEvents() {
        emulator.call("trim");
    }

    /**
     * Makes the hub enqueue a C2D message without waiting for the emulator's answer, so that neither process's main
     * thread is awake while the message travels; {@link #c2dEnqueuedAt} reads the answer afterwards.
     */
    void sendC2d(String deviceId, String messageId) {
        emulator.send("c2d " + deviceId + " " + messageId);
    }

    /** The hub's {@code System.nanoTime()} when it began to enqueue the message sent last. */
    long c2dEnqueuedAt(String messageId) {
        return Long.parseLong(emulator.answer("c2d " + messageId));
    }

    /** AMQP connections open now and accepted since the hub started. */
    int[] amqpConnections() {
        String[] a = emulator.call("amqp").split(" ");
        return new int[] { Integer.parseInt(a[0]), Integer.parseInt(a[1]) };
    }

    /** CPU seconds the emulator's process used since it started (all its threads), or NaN when the OS does not say. */
    double cpuSeconds() {
        return ProcessHandle.of(emulator.pid()).flatMap(h -> h.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** CBS put-tokens the hub accepted for {@code prefix-0} .. {@code prefix-(count-1)}. */
    long putTokens(String prefix, int count) {
        return Long.parseLong(emulator.call("tokens " + prefix + " " + count));
    }

    /** Calls method "ping" on the device count times in a row, timed at the hub: [comma-separated millis, failures]. */
    String[] methodRoundTrips(String deviceId, int count) {
        return emulator.call("methods " + deviceId + " " + count).split(" ", 2);
    }

    void patchDesired(String deviceId, long n) {
        emulator.call("desired " + deviceId + " " + n);
    }

    /** Drops the device's connection as a network failure would. */
    void drop(String deviceId) {
        emulator.call("drop " + deviceId);
    }

    /** The hub stops acknowledging D2C messages for {@code millis}, then acknowledges all of them. */
    void stall(long millis) {
        emulator.call("stall " + millis);
    }

    /** The soak mode's commands (see {@link SoakLedger}). */
    String soak(String command) {
        return emulator.call("soak " + command);
    }

    SSLContext sslContext() {
        return sslContext;
    }

    String caCertificatePem() throws IOException {
        return Files.readString(emulator.caPem(), StandardCharsets.US_ASCII);
    }

    SSLContextParameters camelTls() {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + emulator.trustStore().toAbsolutePath());
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
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}

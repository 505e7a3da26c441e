package io.cameliothub.component;

import java.nio.file.Files;
import java.nio.file.Path;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs routes against an in-process IoT Hub emulator on loopback, over real TLS sockets and WebSockets. The hub's name
 * (hub.iothub.test) resolves to 127.0.0.1 through the test JVM's hosts file; ports are ephemeral. The component
 * trusts the emulator's certificate through its sslContextParameters option.
 */
public abstract class EmulatorTestSupport extends CamelTestSupport {

    protected static IotHubEmulator hub;
    private static Path trustStore;

    @BeforeAll
    static void startHub() throws Exception {
        hub = IotHubEmulator.builder().hostName("hub.iothub.test").mqttPort(0).amqpPort(0).httpsPort(0).start();
        trustStore = hub.tls().writeTrustStore(Files.createTempFile("iothub-trust", ".p12"));
    }

    @AfterAll
    static void stopHub() throws Exception {
        if (hub != null) {
            hub.close();
            hub = null;
        }
        Files.deleteIfExists(trustStore);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
        component.getConfiguration().setSslContextParameters(hubTls());
        // fast reconnects keep the tests short
        component.getConfiguration().setReconnectMinBackoff(100);
        component.getConfiguration().setReconnectMaxBackoff(1000);
        return context;
    }

    protected static SSLContextParameters hubTls() {
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

    /** The port the emulator serves a protocol on. */
    protected static int portOf(IotHubProtocol protocol) {
        return switch (protocol) {
            case MQTT -> hub.mqttPort();
            case MQTT_WS, AMQPS_WS, HTTPS -> hub.httpsPort();
            case AMQPS -> hub.amqpPort();
        };
    }

    /** An endpoint URI for a freshly registered device. */
    protected static String uriFor(DeviceInfo device, IotHubProtocol protocol, String extraOptions) {
        return "iothub:" + device.deviceId() + "?protocol=" + protocol + "&port=" + portOf(protocol)
               + "&connectionString=RAW(" + device.connectionString() + ")"
               + (extraOptions == null || extraOptions.isEmpty() ? "" : "&" + extraOptions);
    }
}

package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.SasTokens;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Plain Paho clients connecting the way IoT Hub devices do, recording what arrives and when the link is lost. */
public final class PahoClients {

    private PahoClients() {
    }

    static String username(IotHubEmulatorExtension hub, Identity id) {
        return hub.hostName() + "/" + id + "/?api-version=2021-04-12";
    }

    static String token(IotHubEmulatorExtension hub, Identity id, String key, Duration ttl) {
        return SasTokens.create(hub.hostName() + "/" + id.resourcePath(), key, ttl);
    }

    public static MqttConnectOptions options(IotHubEmulatorExtension hub, Identity id, String key) {
        return options(hub, username(hub, id), token(hub, id, key, Duration.ofHours(1)));
    }

    static MqttConnectOptions options(IotHubEmulatorExtension hub, String username, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        o.setUserName(username);
        o.setPassword(password.toCharArray());
        o.setSocketFactory(hub.sslContext().getSocketFactory());
        return o;
    }

    /** A recording client on the hub's MQTT port ({@code ssl://}). */
    public static Recorder tls(IotHubEmulatorExtension hub, String clientId) throws MqttException {
        return new Recorder(new MqttClient("ssl://127.0.0.1:" + hub.mqttPort(), clientId, new MemoryPersistence()));
    }

    /** A recording client over WebSocket on the hub's HTTPS port. */
    static Recorder ws(IotHubEmulatorExtension hub, String clientId) throws MqttException {
        return new Recorder(new MqttClient("wss://127.0.0.1:" + hub.httpsPort()
                + "/$iothub/websocket?iothub-no-client-cert=true", clientId, new MemoryPersistence()));
    }

    /**
     * Paho reads the answer to its WebSocket upgrade with the 1 s socket timeout its TCP module sets (the TLS module
     * lifts it for the TLS handshake only). The emulator answers a warm upgrade in 10-60 ms on a loaded 2-core machine,
     * but the first one in a JVM (Netty's WebSocket handshaker, Paho's WebSocket classes, cold JIT) took 190 ms there,
     * and over 1 s when four builds shared the machine. That is start-up cost, not the hub's behaviour under test, so
     * the first WebSocket connection of a test class is made here, and only this one may be tried again.
     */
    static void warmUpWebSockets(IotHubEmulatorExtension hub, DeviceInfo other) throws MqttException {
        for (int attempt = 1;; attempt++) {
            try (Recorder warm = ws(hub, other.deviceId())) {
                warm.client.connect(options(hub, other.identity(), other.primaryKey()));
                warm.client.disconnect();
                return;
            } catch (MqttException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    public static final class Recorder implements MqttCallback, AutoCloseable {
        public final MqttClient client;
        public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        public final CountDownLatch lost = new CountDownLatch(1);

        Recorder(MqttClient client) {
            this.client = client;
            client.setCallback(this);
            client.setTimeToWait(10_000);
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(new Received(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000);
                }
                client.close(true);
            } catch (MqttException ignored) {
                // best effort
            }
        }
    }

    public record Received(String topic, MqttMessage message) {
        public String body() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

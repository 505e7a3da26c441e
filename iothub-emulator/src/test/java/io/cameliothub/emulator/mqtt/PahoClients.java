package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.SasTokens;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Plain Paho clients set up the way IoT Hub devices connect. */
final class PahoClients {

    private PahoClients() {
    }

    static MqttClient client(IotHubEmulator hub, Identity id) throws MqttException {
        return new MqttClient("ssl://127.0.0.1:" + hub.mqttPort(), id.toString(), new MemoryPersistence());
    }

    static MqttClient wsClient(IotHubEmulator hub, Identity id) throws MqttException {
        return new MqttClient("wss://127.0.0.1:" + hub.httpsPort() + "/$iothub/websocket?iothub-no-client-cert=true",
                id.toString(), new MemoryPersistence());
    }

    static MqttConnectOptions options(IotHubEmulator hub, Identity id, String key, Duration ttl) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(60);
        o.setUserName(hub.hostName() + "/" + id + "/?api-version=2021-04-12");
        o.setPassword(SasTokens.create(hub.hostName() + "/" + id.resourcePath(), key, ttl).toCharArray());
        o.setSocketFactory(hub.tls().sslContext().getSocketFactory());
        o.setHttpsHostnameVerificationEnabled(false);
        Properties ssl = new Properties();
        o.setSSLProperties(ssl);
        o.setSSLProperties(null);
        return o;
    }

    static MqttConnectOptions options(IotHubEmulator hub, Identity id, String key) {
        return options(hub, id, key, Duration.ofHours(1));
    }
}

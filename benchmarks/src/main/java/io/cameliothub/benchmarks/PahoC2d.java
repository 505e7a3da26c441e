package io.cameliothub.benchmarks;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The MQTT C2D ceiling: a plain Paho MqttAsyncClient subscribed at QoS 1 to the device-bound topic, reporting the
 * message id from the topic's property bag on Paho's callback thread (Paho acknowledges when the callback returns).
 */
final class PahoC2d implements C2dClient {

    private MqttAsyncClient client;

    @Override
    public String name() {
        return "raw Paho";
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId, Consumer<String> onMessageId) throws Exception {
        client = new MqttAsyncClient("ssl://" + Hub.HOST + ":8883", deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setUserName(SasTokens.userName(deviceId));
        options.setPassword(SasTokens.forDevice(connectionString).toCharArray());
        options.setSocketFactory(hub.sslContext().getSocketFactory());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessageId.accept(messageId(topic));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options).waitForCompletion(30_000);
        client.subscribe("devices/" + deviceId + "/messages/devicebound/#", 1).waitForCompletion(30_000);
    }

    /** The {@code $.mid} of the topic's property bag (…/devicebound/{bag}). */
    private static String messageId(String topic) {
        String bag = topic.substring(topic.indexOf("/devicebound/") + "/devicebound/".length());
        for (String pair : bag.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("$.mid")) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }
}

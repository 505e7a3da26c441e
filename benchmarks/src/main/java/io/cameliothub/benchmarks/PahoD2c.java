package io.cameliothub.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plain Paho MqttAsyncClient publishing QoS 1 to the device's events topic, pipelined with a large window, over TLS
 * or WebSocket: the wire's ceiling for one MQTT connection, with nothing of IoT Hub's own handling on top.
 */
final class PahoD2c implements D2cClient {

    private final boolean webSocket;
    private final int window;
    private MqttAsyncClient client;
    private String topic;

    PahoD2c(boolean webSocket, int window) {
        this.webSocket = webSocket;
        this.window = window;
    }

    @Override
    public String name() {
        return "raw Paho" + (webSocket ? " over WebSocket" : "") + ", window " + window;
    }

    @Override
    public void open(Hub hub, String connectionString, String deviceId) throws Exception {
        String uri = webSocket ? "wss://" + Hub.HOST + ":443/$iothub/websocket" : "ssl://" + Hub.HOST + ":8883";
        client = new MqttAsyncClient(uri, deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setMaxInflight(window);
        options.setUserName(SasTokens.userName(deviceId));
        options.setPassword(SasTokens.forDevice(connectionString).toCharArray());
        options.setSocketFactory(hub.sslContext().getSocketFactory());
        client.connect(options).waitForCompletion(30_000);
        topic = "devices/" + deviceId + "/messages/events/";
    }

    @Override
    public void send(int count, byte[] payload) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IMqttActionListener listener = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
                done.countDown();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failure.compareAndSet(null, e);
                inFlight.release();
                done.countDown();
            }
        };
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish(topic, message, null, listener);
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("Paho: not every message was acknowledged");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.disconnect().waitForCompletion(5000);
            client.close();
        }
    }
}

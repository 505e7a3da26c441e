package io.cameliothub.component.transport.internal.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Sends PUBACKs for cloud-to-device messages in the order they arrived, as IoT Hub requires, however the routes finish
 * them. One per connection: a message is acknowledged on the connection it came in on, or not at all (the hub then
 * delivers it again).
 */
final class C2dAckOrder {

    private static final class Entry {
        final int id;
        final int qos;
        boolean settled;

        Entry(int id, int qos) {
            this.id = id;
            this.qos = qos;
        }
    }

    private final MqttAsyncClient client;
    private final Deque<Entry> arrived = new ArrayDeque<>();

    C2dAckOrder(MqttAsyncClient client) {
        this.client = client;
    }

    synchronized Object arrived(int id, int qos) {
        Entry e = new Entry(id, qos);
        arrived.addLast(e);
        return e;
    }

    /** Marks the message settled and acknowledges every settled message at the head of the line. */
    synchronized void settle(Object token) throws MqttException {
        ((Entry) token).settled = true;
        while (!arrived.isEmpty() && arrived.peekFirst().settled) {
            Entry head = arrived.pollFirst();
            if (head.qos > 0 && client.isConnected()) {
                client.messageArrivedComplete(head.id, head.qos);
            }
        }
    }
}

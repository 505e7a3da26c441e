package io.cameliothub.component.transport.internal.mqtt;

import java.io.ByteArrayOutputStream;

import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPingReq;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPubAck;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Packets as Paho encodes them, fed whole, together and byte by byte. */
class OutboundScannerTest {

    static byte[] packet(MqttWireMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message.getHeader());
        out.write(message.getPayload());
        return out.toByteArray();
    }

    static byte[] publish(int bodyBytes) throws Exception {
        MqttMessage m = new MqttMessage(new byte[bodyBytes]);
        m.setQos(1);
        MqttPublish p = new MqttPublish("devices/d1/messages/events/$.mid=1", m);
        p.setMessageId(7);
        return packet(p);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int byteByByte(OutboundScanner s, byte[] b) {
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            n += s.scan(b, i, 1);
        }
        return n;
    }

    @Test
    void countsPublishesOverTlsWholeAndSplitAndTellsTheLastType() throws Exception {
        // 200 bytes and 20,000 bytes: one and three bytes of remaining length
        byte[] stream = concat(publish(200), packet(new MqttPingReq()), publish(20_000), packet(new MqttPubAck(3)));
        OutboundScanner whole = new OutboundScanner();
        assertThat(whole.scan(stream, 0, stream.length)).isEqualTo(2);
        assertThat(whole.lastWasPublish()).isFalse();

        OutboundScanner split = new OutboundScanner();
        assertThat(byteByByte(split, stream)).isEqualTo(2);
        assertThat(split.scan(publish(0), 0, publish(0).length)).isEqualTo(1);
        assertThat(split.lastWasPublish()).isTrue();
        byte[] ping = packet(new MqttPingReq());
        assertThat(split.scan(ping, 0, ping.length)).isZero();
        assertThat(split.lastWasPublish()).isFalse();
    }
}

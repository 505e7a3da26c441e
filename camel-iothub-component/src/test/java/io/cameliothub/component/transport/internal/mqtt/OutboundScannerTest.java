package io.cameliothub.component.transport.internal.mqtt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.internal.websocket.WebSocketFrame;
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

    static byte[] frame(byte[] mqtt) {
        return new WebSocketFrame((byte) 0x2, true, mqtt).encodeFrame();
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
        OutboundScanner whole = new OutboundScanner(false);
        assertThat(whole.scan(stream, 0, stream.length)).isEqualTo(2);
        assertThat(whole.lastWasPublish()).isFalse();

        OutboundScanner split = new OutboundScanner(false);
        assertThat(byteByByte(split, stream)).isEqualTo(2);
        assertThat(split.scan(publish(0), 0, publish(0).length)).isEqualTo(1);
        assertThat(split.lastWasPublish()).isTrue();
        byte[] ping = packet(new MqttPingReq());
        assertThat(split.scan(ping, 0, ping.length)).isZero();
        assertThat(split.lastWasPublish()).isFalse();
    }

    @Test
    void overWebSocketSkipsTheUpgradeRequestThenReadsMaskedFrames() throws Exception {
        OutboundScanner s = new OutboundScanner(true);
        // the upgrade request: bytes that would read as a PUBLISH (0x3_) if they were taken for MQTT
        byte[] upgrade = "0GET /$iothub/websocket HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(s.scan(upgrade, 0, upgrade.length)).isZero();
        s.flushed();
        // 100 bytes: 7-bit length; 1,000: 16-bit; 70,000: 64-bit
        byte[] frames = concat(frame(publish(100)), frame(publish(1_000)), frame(packet(new MqttPingReq())),
                frame(publish(70_000)));
        for (int round = 0; round < 20; round++) { // random masks: a PUBLISH must be recognised under any
            OutboundScanner whole = new OutboundScanner(true);
            whole.flushed();
            assertThat(whole.scan(frames, 0, frames.length)).isEqualTo(3);
            assertThat(whole.lastWasPublish()).isTrue();
        }
        assertThat(byteByByte(s, frames)).isEqualTo(3);
        byte[] ack = frame(packet(new MqttPubAck(9)));
        assertThat(s.scan(ack, 0, ack.length)).isZero();
        assertThat(s.lastWasPublish()).isFalse();
    }

    @Test
    void aWebSocketControlFrameIsNeverTakenForAPublish() throws Exception {
        OutboundScanner s = new OutboundScanner(true);
        s.flushed();
        byte[] pub = frame(publish(10));
        s.scan(pub, 0, pub.length);
        byte[] close = new WebSocketFrame((byte) 0x8, true, new byte[] { 0x03, (byte) 0xE8 }).encodeFrame();
        assertThat(s.scan(close, 0, close.length)).isZero();
        assertThat(s.lastWasPublish()).isFalse();
    }
}

package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

class PahoSmokeTest {

    @Test
    void roundTrip() throws Exception {
        try (IotHubEmulator hub = IotHubEmulator.builder().mqttPort(0).httpsPort(0).start()) {
            DeviceInfo d = hub.registry().addDevice("device-1");
            MqttClient c = PahoClients.client(hub, d.identity());
            c.connect(PahoClients.options(hub, d.identity(), d.primaryKey()));
            c.publish("devices/device-1/messages/events/$.mid=m1&a%20b=c%26d", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
            D2cEvent e = hub.events().await(ev -> true, Duration.ofSeconds(5));
            assertThat(e.messageId()).isEqualTo("m1");
            assertThat(e.applicationProperties()).containsEntry("a b", "c&d");
            BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
            c.subscribe("devices/device-1/messages/devicebound/#", 1, (t, m) -> got.add(t + " " + new String(m.getPayload())));
            hub.sendC2d("device-1", C2dMessage.builder().body("hi").messageId("c1").property("k", "v w").build());
            String s = got.poll(5, TimeUnit.SECONDS);
            System.out.println("GOT " + s);
            assertThat(s).contains("%24.mid=c1").contains("k=v%20w").endsWith(" hi");
            c.disconnect();
            c.close();

            MqttClient w = PahoClients.wsClient(hub, d.identity());
            w.connect(PahoClients.options(hub, d.identity(), d.primaryKey()));
            w.publish("devices/device-1/messages/events/", "ws".getBytes(StandardCharsets.UTF_8), 1, false);
            D2cEvent e2 = hub.events().await(ev -> ev.bodyAsString().equals("ws"), Duration.ofSeconds(5));
            System.out.println(e2 + " " + hub.connections().live());
            w.disconnect();
            w.close();
        }
    }
}

package io.cameliothub.component.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT's TLS write coalescing on the real wire (ssl://): a full window of 1 KB messages, whose flushes are
 * held back and joined, is acknowledged in full on one connection; and a connection that goes idle after such a burst
 * keeps pinging (the hub closes a connection silent for 1.5 keep-alive intervals).
 */
class MqttWriteCoalescingTest extends EmulatorTestSupport {

    private static int devices;

    private DeviceInfo newDevice(String purpose, IotHubProtocol protocol) {
        return hub.registry().addDevice("coalesce-" + purpose + "-" + protocol.name().toLowerCase() + "-" + ++devices);
    }

    /** Sends {@code count} 1 KB messages, at most {@code window} + 500 outstanding; returns the acknowledged ids. */
    private Set<String> stream(AsyncProducer producer, DeviceInfo device, int from, int count, int window)
            throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> failed = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(count);
        Semaphore room = new Semaphore(window + 500);
        byte[] body = new byte[1024];
        for (int i = from; i < from + count; i++) {
            room.acquire();
            String id = device.deviceId() + "-" + i;
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeader(IotHubConstants.MESSAGE_ID, id);
            producer.process(exchange, doneSync -> {
                (exchange.getException() == null ? acknowledged : failed).add(id);
                room.release();
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).as("every exchange completed").isTrue();
        assertThat(failed).as("failed sends").isEmpty();
        return acknowledged;
    }

    private AsyncProducer producer(DeviceInfo device, IotHubProtocol protocol, String options) throws Exception {
        AsyncProducer producer = context.getEndpoint(uriFor(device, protocol, options)).createAsyncProducer();
        producer.start(); // stopped with the context
        return producer;
    }

    private Set<String> atHub(DeviceInfo device) {
        return hub.events().forDevice(device.deviceId()).stream().map(D2cEvent::messageId).collect(Collectors.toSet());
    }

    @Test
    void aFullWindowOfSmallMessagesIsAcknowledgedInFullOnOneConnection() throws Exception {
        IotHubProtocol protocol = IotHubProtocol.MQTT;
        DeviceInfo device = newDevice("window", protocol);
        AsyncProducer producer = producer(device, protocol, "maxInFlight=256");
        Set<String> acknowledged = stream(producer, device, 0, 3000, 256);

        assertThat(acknowledged).hasSize(3000);
        assertThat(atHub(device)).containsAll(acknowledged);
        assertThat(hub.connections().totalAccepted(device.deviceId())).isEqualTo(1);
    }

    @Test
    void anIdleConnectionKeepsPingingAfterABurst() throws Exception {
        IotHubProtocol protocol = IotHubProtocol.MQTT;
        DeviceInfo device = newDevice("idle", protocol);
        AsyncProducer producer = producer(device, protocol, "keepAliveInterval=2000&maxInFlight=64");
        stream(producer, device, 0, 500, 64);
        Thread.sleep(5_000); // over 1.5 x 2 s twice: without PINGREQs the hub would have closed the connection

        Set<String> last = stream(producer, device, 500, 1, 1);

        assertThat(atHub(device)).containsAll(last).hasSize(501);
        assertThat(hub.connections().totalAccepted(device.deviceId())).as("never reconnected").isEqualTo(1);
    }
}

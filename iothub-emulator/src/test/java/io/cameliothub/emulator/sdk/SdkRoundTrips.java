package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The D2C and C2D round trips every SDK transport must pass, with the checks they share. */
final class SdkRoundTrips {

    private SdkRoundTrips() {
    }

    /**
     * Sends one message with every system property the SDK sets and the given application properties; checks what the
     * hub logged and returns it for transport-specific checks.
     */
    static D2cEvent sendTelemetry(IotHubEmulatorExtension hub, DeviceClient client, DeviceInfo device,
                                  Protocol protocol, Map<String, String> props, Duration wait) throws Exception {
        client.open(false);
        assertThat(hub.connections().live(device.deviceId())).get()
                .satisfies(c -> assertThat(c.protocol()).isEqualTo(protocol));
        Message message = new Message("{\"temp\":21.5}".getBytes(StandardCharsets.UTF_8));
        message.setMessageId("msg-" + protocol);
        message.setCorrelationId("corr 1/&=");
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");
        props.forEach(message::setProperty);
        client.sendEvent(message);

        D2cEvent event = hub.events().await(e -> e.deviceId().equals(device.deviceId()), wait);
        assertThat(event.bodyAsString()).isEqualTo("{\"temp\":21.5}");
        assertThat(event.messageId()).isEqualTo("msg-" + protocol);
        assertThat(event.correlationId()).isEqualTo("corr 1/&=");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.contentEncoding()).isEqualTo("utf-8");
        assertThat(event.protocol()).isEqualTo(protocol);
        assertThat(event.systemProperties())
                .containsEntry("iothub-connection-device-id", device.deviceId())
                .containsEntry("iothub-connection-auth-method",
                        "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\"}")
                .containsKey("iothub-enqueuedtime");
        return event;
    }

    /**
     * Sends one C2D message with properties and full acknowledgement to a device whose client completes everything;
     * checks the SDK saw it as sent, the hub holds it completed after one delivery, and it is not redelivered.
     *
     * @return the message as the SDK received it, and its id
     */
    static Received receiveAndComplete(IotHubEmulatorExtension hub, DeviceClient client, DeviceInfo device,
                                       String messageId, Duration wait) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(m);
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);

        String id = hub.sendC2d(device.deviceId(), C2dMessage.builder().body("switch on").messageId(messageId)
                .correlationId("corr-7").contentType("text/plain").contentEncoding("utf-8")
                .property("k", "v w").property("sym&=/%", "a&b=c/d%e").ack(AckMode.FULL).build());

        Message m = received.poll(wait.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("C2D message delivered").isNotNull();
        assertThat(new String(m.getBytes(), StandardCharsets.UTF_8)).isEqualTo("switch on");
        assertThat(m.getMessageId()).isEqualTo(id).isEqualTo(messageId);
        assertThat(m.getCorrelationId()).isEqualTo("corr-7");
        assertThat(m.getProperty("k")).isEqualTo("v w");
        assertThat(m.getProperty("sym&=/%")).isEqualTo("a&b=c/d%e");
        await().atMost(wait).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entry(id)).get()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(C2dState.COMPLETED);
                    assertThat(e.deliveryCount()).isEqualTo(1);
                }));
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("no redelivery after completion").isNull();
        return new Received(m, id);
    }

    record Received(Message message, String id) {
    }
}

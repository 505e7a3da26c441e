package io.cameliothub.component.reliability;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.component.RecordingExceptionHandler;
import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A route that finishes a cloud-to-device message after the connection it came on was lost: the completion cannot
 * reach the hub, so the consumer must say so (not report it completed) and the hub's redelivery is what completes it.
 */
class C2dSettleAfterDropTest extends ReliabilityTestSupport {

    private final RecordingExceptionHandler handler = new RecordingExceptionHandler();

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = {"MQTT", "MQTT_WS", "AMQPS", "AMQPS_WS"})
    void aCompletionAfterTheDropFailsAndTheRedeliveryCompletes(IotHubProtocol protocol) throws Exception {
        DeviceInfo device = newDevice("c2d-settle-after-drop", protocol);
        CountDownLatch inRoute = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        context.getRegistry().bind("recordingHandler", handler);
        String uri = uriFor(device, protocol, "exceptionHandler=#recordingHandler");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(exchange -> {
                    if (runs.incrementAndGet() == 1) {
                        inRoute.countDown();
                        assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
                    }
                });
            }
        });
        await().atMost(WAIT).until(() -> hub.connections().totalAccepted(device.deviceId()) == 1);

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("command").messageId("cmd-1").build());
        assertThat(inRoute.await(30, TimeUnit.SECONDS)).as("the first delivery is in the route").isTrue();
        hub.faults().dropConnection(device.deviceId());
        await().atMost(WAIT).until(() -> hub.connections().totalAccepted(device.deviceId()) >= 2);
        release.countDown();

        await().atMost(WAIT).untilAsserted(() -> assertThat(handler.handled())
                .as("the completion of the first delivery, after its connection was lost")
                .anySatisfy(e -> assertThat(e).isInstanceOf(IotHubException.class)
                        .hasMessageContaining("connection was lost before the message was")
                        .hasMessageContaining("delivers it again")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.c2dQueue(device.deviceId()).entries())
                .extracting(C2dEntry::state).containsExactly(C2dState.COMPLETED));
        assertThat(runs).as("the route ran for the first delivery and for the redelivery").hasValue(2);
    }
}

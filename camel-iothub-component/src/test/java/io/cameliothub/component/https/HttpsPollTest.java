package io.cameliothub.component.https;

import java.util.concurrent.atomic.AtomicInteger;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The polling consumer's rhythm: a message whose route failed is abandoned and comes back at the next poll, as the docs
 * say, rather than being taken again within the same poll until IoT Hub dead-letters it.
 */
class HttpsPollTest extends EmulatorTestSupport {

    @Test
    void anAbandonedMessageComesBackAtTheNextPollNotInTheSameOne() throws Exception {
        DeviceInfo device = hub.registry().addDevice("next-poll");
        AtomicInteger attempts = new AtomicInteger();
        String id = hub.sendC2d(device.deviceId(), C2dMessage.builder().body("later").build());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, IotHubProtocol.HTTPS, "pollInterval=1h")).process(e -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("always fails");
                });
            }
        });


        await().atMost(java.time.Duration.ofSeconds(15)).until(() -> attempts.get() >= 1);
        Thread.sleep(500);
        assertThat(attempts).as("not taken again within the same poll").hasValue(1);
        assertThat(hub.c2dQueue(device.deviceId()).entry(id)).get().satisfies(e -> {
            assertThat(e.state()).isEqualTo(C2dState.ENQUEUED);
            assertThat(e.deliveryCount()).isEqualTo(1);
        });
    }
}

package io.cameliothub.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The freeze of issue 12: a full send window, a hub that drops the connection again and again, and a route whose error
 * handler redelivers. When acknowledgements, failures or send timeouts completed exchanges on the transport's timer or
 * I/O thread, Camel's redelivery ran the next attempt there and parked it in a blocking submit: the timer thread no
 * longer ran reconnects or timeouts for any device. Now no route code runs on those threads and no submit parks.
 */
class FreezeRegressionTest extends EmulatorTestSupport {

    @Test
    void redeliveryIntoAFullWindowWhileTheHubDropsTheConnectionDoesNotFreezeTheComponent() throws Exception {
        DeviceInfo device = hub.registry().addDevice("freeze-1");
        String uri = uriFor(device, IotHubProtocol.MQTT, "maxInFlight=1&sendTimeout=1000");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:freeze").errorHandler(defaultErrorHandler().maximumRedeliveries(10).redeliveryDelay(200))
                        .to(uri);
            }
        });

        List<CompletableFuture<Exchange>> sends = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sends.add(template.asyncSend("direct:freeze", e -> e.getMessage().setBody("m")));
        }
        for (int i = 0; i < 8; i++) {
            hub.faults().dropConnection(device.deviceId());
            Thread.sleep(250);
        }

        // the timers still run: the device reconnects, and another device can connect through the same component
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.connections().live().stream()
                .anyMatch(c -> device.deviceId().equals(c.deviceId())));
        DeviceInfo other = hub.registry().addDevice("freeze-2");
        long start = System.nanoTime();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:freeze-other").to(uriFor(other, IotHubProtocol.MQTT, null));
            }
        });
        template.sendBody("direct:freeze-other", "still alive");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("another device connects and sends")
                .isLessThan(5_000);

        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        long failed = sends.stream().map(CompletableFuture::join).filter(e -> e.getException() != null).count();
        assertThat(failed).as("with ten redeliveries nearly every message gets through").isLessThan(40);
    }
}

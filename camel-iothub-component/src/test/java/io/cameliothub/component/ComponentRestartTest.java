package io.cameliothub.component;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarting the component releases every thread it started: timers, completions, AMQP loops, and the HTTP clients
 * (with their selector threads) it shares per TLS context. Twenty restarts with a device on MQTT, AMQP over WebSocket
 * and HTTPS each leave the live thread count where it was after the first few.
 */
class ComponentRestartTest extends EmulatorTestSupport {

    private static final int RESTARTS = 20;

    @Test
    void twentyRestartsLeaveTheLiveThreadCountFlat() throws Exception {
        DeviceInfo mqtt = hub.registry().addDevice("restart-mqtt");
        DeviceInfo amqpWs = hub.registry().addDevice("restart-amqpws");
        DeviceInfo https = hub.registry().addDevice("restart-https");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:mqtt").to(uriFor(mqtt, IotHubProtocol.MQTT, null));
                from("direct:amqpws").to(uriFor(amqpWs, IotHubProtocol.AMQPS_WS, null));
                from("direct:https").to(uriFor(https, IotHubProtocol.HTTPS, null));
            }
        });
        IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        int warm = 0;
        for (int i = 1; i <= RESTARTS; i++) {
            template.sendBody("direct:mqtt", "m" + i);
            template.sendBody("direct:amqpws", "a" + i);
            template.sendBody("direct:https", "h" + i);
            context.getRouteController().stopAllRoutes();
            component.stop();
            component.start();
            context.getRouteController().startAllRoutes();
            if (i == 3) {
                warm = settledThreadCount(threads);
            }
        }
        int baseline = warm;

        // unreferenced HTTP clients end their selector threads once collected (Java 17 has no HttpClient.close())
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            System.gc();
            assertThat(threads.getThreadCount()).as("live threads after %d restarts (%d after 3)", RESTARTS, baseline)
                    .isLessThanOrEqualTo(baseline + 3);
        });
        assertThat(hub.events().forDevice(amqpWs.deviceId())).hasSize(RESTARTS);
    }

    private static int settledThreadCount(ThreadMXBean threads) throws InterruptedException {
        System.gc();
        Thread.sleep(1000);
        return threads.getThreadCount();
    }
}

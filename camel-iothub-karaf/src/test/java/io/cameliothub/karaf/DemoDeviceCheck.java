package io.cameliothub.karaf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;

import static org.junit.Assert.assertTrue;

/**
 * Runs inside Karaf: watches the Karaf example's device from the outside. The hub relays what the example sends (its
 * first telemetry message and its acknowledgement of the command queued for it) to an observer device; this listens on
 * the observer until it has seen both.
 */
final class DemoDeviceCheck {

    private static final long WAIT_MILLIS = 30_000;

    private final BundleContext bundleContext;
    private final HubDevice observer;

    DemoDeviceCheck(BundleContext bundleContext, HubDevice observer) {
        this.bundleContext = bundleContext;
        this.observer = observer;
    }

    void run() throws Exception {
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        try {
            context.getComponent("iothub", IotHubComponent.class).getConfiguration()
                    .setSslContextParameters(DeviceRoundTrip.hubTls());
            BlockingQueue<String> relayed = new LinkedBlockingQueue<>();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(observer.uri()).process(e -> relayed.add(e.getMessage().getBody(String.class)));
                }
            });
            context.start();

            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
            while (!(sawTelemetry(seen) && sawAck(seen)) && System.nanoTime() < deadline) {
                String body = relayed.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (body != null) {
                    seen.add(body);
                }
            }
            assertTrue("no telemetry from the Karaf example reached the hub; relayed: " + seen, sawTelemetry(seen));
            assertTrue("the Karaf example did not acknowledge its command; relayed: " + seen, sawAck(seen));
        } finally {
            context.stop();
        }
    }

    private static boolean sawTelemetry(List<String> seen) {
        return seen.stream().anyMatch(b -> b.startsWith("demo:{\"temperature\""));
    }

    private static boolean sawAck(List<String> seen) {
        return seen.contains("demo:ack:" + EmulatorHost.DEMO_COMMAND);
    }
}

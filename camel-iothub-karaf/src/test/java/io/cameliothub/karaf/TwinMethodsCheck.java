package io.cameliothub.karaf;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Runs inside Karaf: a route answers direct methods and another receives desired-property changes. It asks the hub
 * (a telemetry message {@link #ASK}); the hub side, in the test driver's JVM, invokes method {@code reboot} on the
 * device, patches its desired properties, and sends the method's answer back as a C2D message, which a third route
 * of the device receives ({@link EmulatorHost} is that hub side).
 */
final class TwinMethodsCheck {

    static final String MQTT = "twin-mqtt";
    static final String AMQPS = "twin-amqps";
    static final String ASK = "invoke-me";
    static final String ANSWER = "method:";
    private static final long WAIT_MILLIS = 30_000;

    private final BundleContext bundleContext;
    private final HubDevice device;

    TwinMethodsCheck(BundleContext bundleContext, HubDevice device) {
        this.bundleContext = bundleContext;
        this.device = device;
    }

    void run() throws Exception {
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        try {
            context.getComponent("iothub", IotHubComponent.class).getConfiguration()
                    .setSslContextParameters(DeviceRoundTrip.hubTls());
            String uri = device.uri();
            BlockingQueue<String> c2d = new LinkedBlockingQueue<>();
            BlockingQueue<String> desired = new LinkedBlockingQueue<>();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri + "&receive=methods")
                            .setHeader("CamelIotHubMethodStatus", constant(202))
                            .setBody(simple("{\"in\":\"karaf\",\"method\":\"${header.CamelIotHubMethodName}\"}"));
                    from(uri + "&receive=desiredProperties&initialDesiredProperties=false")
                            .process(e -> desired.add(e.getMessage().getBody(String.class)));
                    from(uri).process(e -> c2d.add(e.getMessage().getBody(String.class)));
                }
            });
            context.start();

            context.createProducerTemplate().sendBody(uri, ASK);

            String answer = poll(c2d, ANSWER);
            assertNotNull("the hub did not report the method's answer (" + device.protocol() + ")", answer);
            assertEquals(ANSWER + "202:{\"in\":\"karaf\",\"method\":\"reboot\"}", answer);
            String change = desired.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertNotNull("no desired-property change reached the route (" + device.protocol() + ")", change);
            assertTrue(change, change.contains("\"fromHub\":\"karaf\""));
        } finally {
            context.stop();
        }
    }

    private static String poll(BlockingQueue<String> queue, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            String body = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (body != null && body.startsWith(prefix)) {
                return body;
            }
        }
        return null;
    }
}

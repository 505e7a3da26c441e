package io.cameliothub.karaf;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.osgi.framework.BundleContext;

import static org.junit.Assert.assertEquals;

/**
 * Runs inside Karaf: a Camel context made as an OSGi user makes it, a consumer route on the device, and one D2C message
 * sent through the producer. Passes when the consumer received both the C2D message the hub held for the device and the
 * hub's echo of the D2C message.
 */
final class DeviceRoundTrip {

    private static final long WAIT_MILLIS = 30_000;

    private final BundleContext bundleContext;
    private final HubDevice device;

    DeviceRoundTrip(BundleContext bundleContext, HubDevice device) {
        this.bundleContext = bundleContext;
        this.device = device;
    }

    void run() throws Exception {
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        try {
            context.getComponent("iothub", IotHubComponent.class).getConfiguration().setSslContextParameters(hubTls());
            String uri = device.uri();
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("c2d-" + device.name()).process(e -> received.add(e.getMessage().getBody(String.class)));
                }
            });
            context.start();

            // completes only once the hub acknowledged the message
            context.createProducerTemplate().sendBody(uri, device.ping());

            Set<String> expected = Set.of(device.welcome(), HubDevice.echoOf(device.ping()));
            assertEquals(expected, awaitAll(received, expected));
        } finally {
            context.stop();
        }
    }

    private static Set<String> awaitAll(BlockingQueue<String> received, Set<String> expected) throws InterruptedException {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!seen.containsAll(expected)) {
            long left = deadline - System.nanoTime();
            String body = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (body == null) {
                break;
            }
            seen.add(body);
        }
        return seen;
    }

    /** Trusts the emulator's certificate, as a user would trust a private CA. */
    static SSLContextParameters hubTls() {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setResource("file:" + HubDevice.hubProperty("trustStore"));
        keyStore.setPassword(HubDevice.hubProperty("trustStorePassword"));
        keyStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(keyStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        return tls;
    }
}

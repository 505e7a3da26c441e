package io.cameliothub.karaf;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.camel.spi.ComponentResolver;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The camel-iothub feature in a stock Karaf 4.4.10: installed at boot from the component's features file, the iothub
 * scheme registered by camel-core-osgi, and routes inside Karaf talking to the emulator in the test driver's JVM on
 * loopback. The configuration runs in the driver; the tests run inside Karaf.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class IotHubKarafIT {

    private static final long RESOLVER_WAIT_MILLIS = 30_000;

    /** Once the resolver did not come, later tests fail at once rather than wait again. */
    private static boolean resolverMissing;

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService featuresService;

    @Configuration
    public Option[] config() throws Exception {
        return Stream.concat(KarafSetup.options().stream(),
                Stream.of(EmulatorHost.start(KarafSetup.workDirectory()))).toArray(Option[]::new);
    }

    /** camel-core-osgi registers the scheme once the component bundle has started; a route made earlier fails. */
    @Before
    public void awaitIotHubComponentResolver() throws Exception {
        assertFalse("no ComponentResolver for the iothub scheme (see the first failed test)", resolverMissing);
        String filter = "(&(objectClass=" + ComponentResolver.class.getName() + ")(component=iothub))";
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(bundleContext, FrameworkUtil.createFilter(filter), null);
        tracker.open();
        try {
            resolverMissing = tracker.waitForService(RESOLVER_WAIT_MILLIS) == null;
            assertFalse("no ComponentResolver for the iothub scheme after " + RESOLVER_WAIT_MILLIS + " ms", resolverMissing);
        } finally {
            tracker.close();
        }
    }

    @Test
    public void everyBundleOfTheFeatureIsActive() throws Exception {
        Feature feature = featuresService.getFeature(KarafSetup.FEATURE);
        assertNotNull(KarafSetup.FEATURE + " is not known to Karaf", feature);
        assertTrue(KarafSetup.FEATURE + " is not installed", featuresService.isInstalled(feature));

        List<BundleInfo> bundles = new ArrayList<>(feature.getBundles());
        bundles.addAll(featuresService.getFeature("camel-core", KarafSetup.CAMEL_VERSION).getBundles());
        List<String> notActive = new ArrayList<>();
        for (BundleInfo info : bundles) {
            Bundle bundle = bundleContext.getBundle(info.getLocation());
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                notActive.add(info.getLocation() + (bundle == null ? " (not installed)" : " (state " + bundle.getState() + ")"));
            }
        }
        assertEquals("bundles not ACTIVE", List.of(), notActive);
        assertEquals(CamelCoreReplacement.CAMEL_JARS.size() + 1 + 6, bundles.size());
    }

    @Test
    public void mqtt() throws Exception {
        new DeviceRoundTrip(bundleContext, HubDevice.fromSystemProperties("mqtt")).run();
    }

    @Test
    public void mqttOverWebSocket() throws Exception {
        new DeviceRoundTrip(bundleContext, HubDevice.fromSystemProperties("mqttws")).run();
    }

    /** The JDK's HttpClient and Jackson, from inside Karaf. */
    @Test
    public void https() throws Exception {
        new DeviceRoundTrip(bundleContext, HubDevice.fromSystemProperties("https")).run();
    }

    /** proton-j, driven by the component's own I/O over TLS. */
    @Test
    public void amqps() throws Exception {
        new DeviceRoundTrip(bundleContext, HubDevice.fromSystemProperties("amqps")).run();
    }

    /** proton-j over the JDK's WebSocket client. */
    @Test
    public void amqpsOverWebSocket() throws Exception {
        new DeviceRoundTrip(bundleContext, HubDevice.fromSystemProperties("amqpsws")).run();
    }

    /** A direct method answered and a desired change received by routes in Karaf, over MQTT. */
    @Test
    public void methodsAndDesiredPropertiesOverMqtt() throws Exception {
        new TwinMethodsCheck(bundleContext, HubDevice.fromSystemProperties(TwinMethodsCheck.MQTT)).run();
    }

    /** The same over AMQPS (method and twin links of proton-j in Karaf). */
    @Test
    public void methodsAndDesiredPropertiesOverAmqps() throws Exception {
        new TwinMethodsCheck(bundleContext, HubDevice.fromSystemProperties(TwinMethodsCheck.AMQPS)).run();
    }

    /**
     * examples/karaf-demo, installed as a user would once the feature is in: a DS component configured from etc/,
     * sending telemetry and acknowledging commands.
     */
    @Test
    public void theKarafExampleSendsTelemetryAndAnswersItsCommand() throws Exception {
        Bundle example = bundleContext.installBundle(System.getProperty(KarafSetup.EXAMPLE_BUNDLE));
        try {
            example.start();
            new DemoDeviceCheck(bundleContext, HubDevice.fromSystemProperties(EmulatorHost.OBSERVER)).run();
        } finally {
            example.uninstall();
        }
    }
}

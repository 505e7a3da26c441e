package io.cameliothub.examples.karaf;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Runs the device's Camel context while its configuration exists. The references to the component resolvers of the
 * schemes the routes use make it wait until camel-core-osgi has registered them: a route made earlier fails with "No
 * endpoint could be found".
 */
@Component(configurationPid = "io.cameliothub.examples.karaf", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeviceConfig.class)
public class DeviceApp {

    @Reference(target = "(component=iothub)")
    private ComponentResolver iothubResolver;

    @Reference(target = "(component=timer)")
    private ComponentResolver timerResolver;

    private CamelContext camel;

    @Activate
    void start(BundleContext bundleContext, DeviceConfig config) throws Exception {
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        context.getCamelContextExtension().setName("karaf-demo");
        if (!config.trustStore().isEmpty()) {
            context.getComponent("iothub", IotHubComponent.class).getConfiguration()
                    .setSslContextParameters(trust(config.trustStore(), config.trustStorePassword()));
        }
        context.addRoutes(new DeviceRoutes(deviceUri(config), config.telemetryPeriod()));
        context.start();
        camel = context;
    }

    @Deactivate
    void stop() {
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    private static String deviceUri(DeviceConfig config) {
        return "iothub:?protocol=" + config.protocol() + (config.port() > 0 ? "&port=" + config.port() : "")
               + "&connectionString=RAW(" + config.connectionString() + ")";
    }

    private static SSLContextParameters trust(String trustStore, String password) {
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setResource("file:" + trustStore);
        keyStore.setPassword(password);
        keyStore.setType("PKCS12");
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(keyStore);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setTrustManagers(trust);
        return tls;
    }
}

package io.cameliothub.component.metrics;

import java.nio.file.Path;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubEndpoint;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * Run by {@link WithoutMicrometerTest} in a class loader without Micrometer: a context and three messages.
 */
public final class SendWithoutMicrometer {

    private SendWithoutMicrometer() {
    }

    /**
     * Sends three messages to the emulator the caller started; returns how many the endpoint counted as acknowledged.
     */
    public static long sendThree(String uri, String trustStore) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
            component.getConfiguration().setSslContextParameters(tls(Path.of(trustStore)));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").to(uri);
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < 3; i++) {
                template.sendBody("direct:send", "without micrometer " + i);
            }
            return context.getEndpoint(uri, IotHubEndpoint.class).getMessagesAcknowledged();
        }
    }

    private static SSLContextParameters tls(Path trustStore) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore.toAbsolutePath());
        ks.setPassword(TlsMaterial.TRUST_STORE_PASSWORD);
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }
}

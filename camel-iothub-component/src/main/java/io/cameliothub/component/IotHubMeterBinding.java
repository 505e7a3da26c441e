package io.cameliothub.component;

import io.cameliothub.component.transport.internal.IotHubTransport;
import io.cameliothub.component.transport.internal.TransportSettings;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each device transport's figures as meters while routes use it. Micrometer is optional: this type refers to
 * none of its classes, and {@link IotHubMicrometerBinding} (which does) is loaded only once Micrometer was found on
 * the class path.
 */
interface IotHubMeterBinding {

    /** Used when there is no Micrometer or no MeterRegistry: publishes nothing. */
    IotHubMeterBinding NONE = new IotHubMeterBinding() {
        @Override
        public void bind(IotHubTransport transport, TransportSettings settings) {
        }

        @Override
        public void unbind(IotHubTransport transport) {
        }
    };

    String MICROMETER_REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    /** A route took a hold on the transport: its meters exist from now on (once per transport). */
    void bind(IotHubTransport transport, TransportSettings settings);

    /** A route let go of the transport: its meters go when the last hold does. */
    void unbind(IotHubTransport transport);

    /** Micrometer's registry of the context when Micrometer is on the class path and a registry is bound, else NONE. */
    static IotHubMeterBinding lookup(CamelContext context) {
        Logger log = LoggerFactory.getLogger(IotHubMeterBinding.class);
        if (!micrometerPresent(IotHubMeterBinding.class.getClassLoader())) {
            log.debug("Micrometer is not on the class path: the iothub component publishes no meters (JMX still works)");
            return NONE;
        }
        return IotHubMicrometerBinding.lookup(context);
    }

    static boolean micrometerPresent(ClassLoader loader) {
        try {
            Class.forName(MICROMETER_REGISTRY_CLASS, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

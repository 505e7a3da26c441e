package io.cameliothub.component;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Keeps Camel's own headers (Camel*, camel*, org.apache.camel*) from travelling as IoT Hub application properties, and
 * out of the headers of received messages. The CamelIotHub* headers are mapped to system properties separately.
 */
public class IotHubHeaderFilterStrategy extends DefaultHeaderFilterStrategy {

    public IotHubHeaderFilterStrategy() {
        setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
        setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    }
}

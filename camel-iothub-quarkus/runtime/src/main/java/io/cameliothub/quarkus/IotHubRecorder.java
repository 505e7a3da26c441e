package io.cameliothub.quarkus;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import org.apache.camel.spi.CamelContextCustomizer;

@Recorder
public class IotHubRecorder {

    /** Installed in dev and test mode only; acts only when the Dev Service injected its properties. */
    public RuntimeValue<CamelContextCustomizer> devServicesCustomizer() {
        return new RuntimeValue<>(new IotHubDevServicesCustomizer());
    }
}

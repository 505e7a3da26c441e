package io.cameliothub.examples.springboot.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Brings up the IoT Hub emulator inside the application, unless demo.embedded-hub.enabled=false (then the
 * camel.component.iothub.* properties must point at a real hub).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.embedded-hub.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedHubConfiguration {

    // static and a bean factory post-processor: the hub's properties must exist before any configuration is bound
    @Bean
    static EmbeddedHub embeddedHub(ConfigurableEnvironment environment) {
        return new EmbeddedHub(environment);
    }

    @Bean
    CloudSide cloudSide(EmbeddedHub embeddedHub) {
        return new CloudSide(embeddedHub.hub(), embeddedHub.deviceId());
    }
}

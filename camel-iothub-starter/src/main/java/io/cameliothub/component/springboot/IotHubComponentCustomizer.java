package io.cameliothub.component.springboot;

import java.util.HashMap;
import java.util.Map;

import io.cameliothub.component.IotHubComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.core.env.Environment;

/**
 * Applies the {@code camel.component.iothub.*} properties to every {@link IotHubComponent} Camel creates, unless
 * {@code camel.component.customizer.enabled} or {@code camel.component.iothub.customizer.enabled} is false.
 */
public class IotHubComponentCustomizer implements ComponentCustomizer {

    private final Environment environment;
    private final IotHubComponentConfiguration configuration;

    public IotHubComponentCustomizer(Environment environment, IotHubComponentConfiguration configuration) {
        this.environment = environment;
        this.configuration = configuration;
    }

    @Override
    public boolean isEnabled(String name, Component target) {
        return target instanceof IotHubComponent
               && HierarchicalPropertiesEvaluator.evaluate(environment, "camel.component.customizer",
                       "camel.component.iothub.customizer");
    }

    @Override
    public void configure(String name, Component target) {
        Map<String, Object> options = CamelPropertiesHelper.getNonNullProperties(target.getCamelContext(), configuration);
        // the whole-configuration bean goes first, so that the single options land on it rather than being replaced
        Object base = options.remove("configuration");
        if (base != null) {
            // a mutable map: the helper removes what it applied
            Map<String, Object> first = new HashMap<>();
            first.put("configuration", base);
            CamelPropertiesHelper.copyProperties(target.getCamelContext(), first, target);
        }
        CamelPropertiesHelper.copyProperties(target.getCamelContext(), options, target);
    }
}

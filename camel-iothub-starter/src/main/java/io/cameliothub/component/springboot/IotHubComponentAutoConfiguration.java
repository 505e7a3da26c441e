package io.cameliothub.component.springboot;

import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Configures the iothub component from {@code camel.component.iothub.*}. Switched off by
 * {@code camel.component.enabled=false} or {@code camel.component.iothub.enabled=false}.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.iothub" })
@EnableConfigurationProperties(IotHubComponentConfiguration.class)
public class IotHubComponentAutoConfiguration {

    // static: the binder collects its converters before this configuration class is instantiated
    @Bean
    @ConfigurationPropertiesBinding
    static IotHubComponentConverter iotHubComponentConverter(BeanFactory beans) {
        return new IotHubComponentConverter(beans);
    }

    @Lazy
    @Bean
    ComponentCustomizer iotHubComponentCustomizer(Environment environment, IotHubComponentConfiguration configuration) {
        return new IotHubComponentCustomizer(environment, configuration);
    }
}

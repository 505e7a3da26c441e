package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConfiguration;
import io.cameliothub.component.IotHubProtocol;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object options name Spring beans: #beanName or #bean:beanName. The configuration bean is applied first and the
 * other properties land on it.
 */
@SpringBootTest(classes = IotHubStarterBeanReferenceTest.BeansApplication.class, properties = {
        "camel.component.iothub.configuration=#baseOptions",
        "camel.component.iothub.header-filter-strategy=#bean:headerFilter",
        "camel.component.iothub.ssl-context-parameters=#tls",
        "camel.component.iothub.port=8443" })
@DirtiesContext
class IotHubStarterBeanReferenceTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BeansApplication {

        @Bean
        IotHubConfiguration baseOptions() {
            IotHubConfiguration options = new IotHubConfiguration();
            options.setHostName("base.azure-devices.net");
            return options;
        }

        @Bean
        HeaderFilterStrategy headerFilter() {
            return new DefaultHeaderFilterStrategy();
        }

        @Bean
        SSLContextParameters tls() {
            return new SSLContextParameters();
        }
    }

    @Autowired
    CamelContext camelContext;

    @Autowired
    IotHubConfiguration baseOptions;

    @Autowired
    HeaderFilterStrategy headerFilter;

    @Autowired
    SSLContextParameters tls;

    @Test
    void referencesResolveToTheBeans() {
        IotHubConfiguration options = camelContext.getComponent("iothub", IotHubComponent.class).getConfiguration();
        assertThat(options).isSameAs(baseOptions);
        assertThat(options.getHostName()).as("kept from the bean").isEqualTo("base.azure-devices.net");
        assertThat(options.getPort()).as("applied on top").isEqualTo(8443);
        assertThat(options.getHeaderFilterStrategy()).isSameAs(headerFilter);
        assertThat(options.getSslContextParameters()).isSameAs(tls);
    }

    @Test
    void aValueThatIsNoReferenceIsRefusedAtStartUp() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(BeansApplication.class)
                .properties("spring.main.web-application-type=none",
                        "camel.component.iothub.ssl-context-parameters=tls")
                .logStartupInfo(false);
        assertThatThrownBy(app::run).rootCause()
                .hasMessageContaining("expected a bean reference such as #myBean for a SSLContextParameters option");
    }

    @Test
    void aReferenceToNoBeanIsRefusedAtStartUp() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(BeansApplication.class)
                .properties("spring.main.web-application-type=none",
                        "camel.component.iothub.header-filter-strategy=#missing")
                .logStartupInfo(false);
        assertThatThrownBy(app::run).rootCause().hasMessageContaining("missing");
    }

    @Test
    void protocolIsCaseInsensitive() {
        try (var app = new SpringApplicationBuilder(BeansApplication.class)
                .properties("spring.main.web-application-type=none", "camel.component.iothub.protocol=mqtt-ws")
                .logStartupInfo(false).run()) {
            assertThat(app.getBean(CamelContext.class).getComponent("iothub", IotHubComponent.class).getConfiguration()
                    .getProtocol()).isEqualTo(IotHubProtocol.MQTT_WS);
        }
    }
}

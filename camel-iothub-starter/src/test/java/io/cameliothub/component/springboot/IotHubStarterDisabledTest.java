package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * camel.component.iothub.enabled=false: the starter contributes nothing, and the component Camel creates keeps its
 * own defaults although camel.component.iothub.* options are set.
 */
@SpringBootTest(classes = IotHubStarterDisabledTest.EmptyApplication.class, properties = {
        "camel.component.iothub.enabled=false",
        "camel.component.iothub.host-name=not-applied.example.net",
        "camel.component.iothub.port=1234",
        "camel.component.iothub.protocol=MQTT_WS",
        "camel.component.iothub.send-timeout=5s" })
@DirtiesContext
class IotHubStarterDisabledTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EmptyApplication {
    }

    @Autowired
    ApplicationContext spring;

    @Autowired
    CamelContext camelContext;

    @Test
    void starterContributesNoBeans() {
        assertThat(spring.getBeansOfType(IotHubComponentConfiguration.class)).isEmpty();
        assertThat(spring.getBeansOfType(IotHubComponentAutoConfiguration.class)).isEmpty();
        assertThat(spring.getBeansOfType(ComponentCustomizer.class).values())
                .noneMatch(c -> c instanceof IotHubComponentCustomizer);
    }

    @Test
    void componentKeepsItsDefaults() {
        IotHubConfiguration options = camelContext.getComponent("iothub", IotHubComponent.class).getConfiguration();
        IotHubConfiguration defaults = new IotHubConfiguration();
        assertThat(options.getHostName()).isNull();
        assertThat(options.getPort()).isNull();
        assertThat(options.getProtocol()).isEqualTo(defaults.getProtocol());
        assertThat(options.getSendTimeout()).isEqualTo(defaults.getSendTimeout());
    }
}

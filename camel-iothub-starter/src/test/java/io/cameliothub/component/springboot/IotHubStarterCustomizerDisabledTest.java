package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConfiguration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * camel.component.iothub.customizer.enabled=false: the properties are bound (IDEs and actuator see them) but not
 * applied to the component.
 */
@SpringBootTest(classes = IotHubStarterDisabledTest.EmptyApplication.class, properties = {
        "camel.component.iothub.customizer.enabled=false",
        "camel.component.iothub.host-name=not-applied.example.net",
        "camel.component.iothub.port=1234" })
@DirtiesContext
class IotHubStarterCustomizerDisabledTest {

    @Autowired
    IotHubComponentConfiguration properties;

    @Autowired
    CamelContext camelContext;

    @Test
    void propertiesAreBoundButNotApplied() {
        assertThat(properties.getHostName()).isEqualTo("not-applied.example.net");
        IotHubConfiguration options = camelContext.getComponent("iothub", IotHubComponent.class).getConfiguration();
        assertThat(options.getHostName()).isNull();
        assertThat(options.getPort()).isNull();
    }
}

package io.cameliothub.component.springboot;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application under test: a device with a telemetry route (direct:telemetry to the hub) and a command route (the
 * hub's cloud-to-device messages into {@link #received()}). The device endpoint comes from the property
 * test.device-endpoint; everything else about the component comes from camel.component.iothub.* properties.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DeviceApplication {

    @Bean
    SSLContextParameters hubTls() {
        return TestHub.trust();
    }

    @Bean
    BlockingQueue<Exchange> received() {
        return new LinkedBlockingQueue<>();
    }

    @Bean
    RouteBuilder deviceRoutes(BlockingQueue<Exchange> received) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:telemetry").routeId("telemetry").to("{{test.device-endpoint}}");
                from("{{test.device-endpoint}}").routeId("commands").process(received::add);
            }
        };
    }
}

package io.cameliothub.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A device application: its routes are in {@link DeviceRoutes}, its connection to IoT Hub is nothing but
 * camel.component.iothub.* properties (application.properties). Unless demo.embedded-hub.enabled=false, it brings its
 * own hub: the IoT Hub emulator on loopback.
 */
@SpringBootApplication
public class DeviceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeviceApplication.class, args);
    }
}

package io.cameliothub.examples.karaf;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The demo device's settings, from etc/io.cameliothub.examples.karaf.cfg.
 */
@ObjectClassDefinition(name = "camel-iothub Karaf demo device")
public @interface DeviceConfig {

    @AttributeDefinition(description = "The device's connection string (HostName=...;DeviceId=...;SharedAccessKey=...)")
    String connectionString();

    @AttributeDefinition(description = "MQTT, MQTT_WS, AMQPS, AMQPS_WS or HTTPS")
    String protocol() default "MQTT";

    @AttributeDefinition(description = "The hub's port; 0 means the protocol's default")
    int port() default 0;

    @AttributeDefinition(description = "A PKCS12 trust store for a hub with a private CA, such as the emulator; empty trusts the JDK's CAs")
    String trustStore() default "";

    @AttributeDefinition(description = "The trust store's password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String trustStorePassword() default "";

    @AttributeDefinition(description = "Milliseconds between two telemetry messages")
    long telemetryPeriod() default 5000;
}

package io.cameliothub.quarkus.it;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.camel.builder.RouteBuilder;

/**
 * One command consumer per transport under test; the hub's address, key and trust come from the Dev Service.
 */
public class CommandRoutes extends RouteBuilder {

    public static final BlockingQueue<String> MQTT_COMMANDS = new LinkedBlockingQueue<>();
    public static final BlockingQueue<String> AMQP_COMMANDS = new LinkedBlockingQueue<>();

    @Override
    public void configure() {
        from("iothub:it-mqtt-device").routeId("mqtt-commands")
                .process(e -> MQTT_COMMANDS.add(e.getMessage().getBody(String.class)));
        from("iothub:it-amqp-device?protocol=AMQPS").routeId("amqp-commands")
                .process(e -> AMQP_COMMANDS.add(e.getMessage().getBody(String.class)));
    }
}

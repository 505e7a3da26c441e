package io.cameliothub.emulator.core;

/** Device transports, named as the Azure device SDKs name them. */
public enum Protocol {
    MQTT, MQTT_WS, AMQPS, AMQPS_WS, HTTPS, SERVICE_API
}

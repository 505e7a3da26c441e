package io.cameliothub.component;

/**
 * How the producer turns a message body into the bytes IoT Hub carries.
 */
public enum IotHubBodyFormat {
    /** Camel's type converters make the bytes (byte[], String, InputStream, ...); other bodies fail the exchange. */
    BYTES,
    /** Maps, POJOs, JsonNodes (anything but text, bytes and streams) are written as JSON with Jackson. */
    JSON
}

package io.cameliothub.karaf;

/**
 * A device registered on the emulator for one protocol, as the test inside Karaf sees it: handed over through system
 * properties, since the emulator runs in the test driver's JVM.
 */
record HubDevice(String name, String deviceId, String protocol, int port, String connectionString, String options) {

    static final String PREFIX = "iothub.it.";

    /** The C2D message the hub holds for the device before Karaf starts. */
    String welcome() {
        return "welcome-" + deviceId;
    }

    /** What the device sends; the hub answers it with {@link #echoOf(String)} as a C2D message. */
    String ping() {
        return "ping-" + deviceId;
    }

    static String echoOf(String body) {
        return "echo:" + body;
    }

    static HubDevice fromSystemProperties(String name) {
        return new HubDevice(name, property(name, "deviceId"), property(name, "protocol"),
                Integer.parseInt(property(name, "port")), property(name, "connectionString"),
                System.getProperty(PREFIX + name + ".options", ""));
    }

    /** The endpoint URI both the consumer and the producer use. */
    String uri() {
        return "iothub:" + deviceId + "?protocol=" + protocol + "&port=" + port + "&connectionString=RAW("
               + connectionString + ")" + (options.isEmpty() ? "" : "&" + options);
    }

    private static String property(String name, String key) {
        return hubProperty(name + "." + key);
    }

    /** A property of the hub itself, such as its trust store. */
    static String hubProperty(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null) {
            throw new IllegalStateException("system property " + PREFIX + key + " is not set");
        }
        return value;
    }
}

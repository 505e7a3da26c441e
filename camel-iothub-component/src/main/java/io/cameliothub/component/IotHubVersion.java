package io.cameliothub.component;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This component's version and the client type string it announces to IoT Hub.
 */
public final class IotHubVersion {

    private static final String VERSION = load();

    private IotHubVersion() {
    }

    public static String version() {
        return VERSION;
    }

    /** What the component tells IoT Hub it is, e.g. camel-iothub/0.1.0 (Java 17.0.15; Linux; amd64). */
    public static String clientType() {
        return "camel-iothub/" + VERSION + " (Java " + System.getProperty("java.version") + "; "
               + System.getProperty("os.name") + "; " + System.getProperty("os.arch") + ")";
    }

    private static String load() {
        try (InputStream in = IotHubVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

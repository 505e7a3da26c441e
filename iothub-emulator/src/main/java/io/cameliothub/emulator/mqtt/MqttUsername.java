package io.cameliothub.emulator.mqtt;

import io.cameliothub.emulator.core.Urls;
import java.util.Locale;

/**
 * Checks the CONNECT user name {@code {host}/{clientId}/?api-version=..[&..]}; also the older form without {@code ?}
 * ({@code {host}/{clientId}/api-version=..}). The host compares case-insensitively; {@code api-version} is required;
 * other keys are ignored.
 */
final class MqttUsername {

    private MqttUsername() {
    }

    /** Returns null when valid, else the reason. */
    static String check(String username, String hostName, String clientId) {
        if (username == null) {
            return "no user name";
        }
        String prefix = hostName + "/" + clientId + "/";
        if (username.length() < prefix.length()
                || !username.substring(0, hostName.length()).toLowerCase(Locale.ROOT).equals(hostName.toLowerCase(Locale.ROOT))
                || !username.substring(hostName.length(), prefix.length()).equals("/" + clientId + "/")) {
            return "user name must start with {host}/{clientId}/";
        }
        String query = username.substring(prefix.length());
        if (query.startsWith("?")) {
            query = query.substring(1);
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    if (Urls.decode(pair.substring(0, eq)).equalsIgnoreCase("api-version") && eq + 1 < pair.length()) {
                        return null;
                    }
                } catch (IllegalArgumentException e) {
                    return "malformed user name";
                }
            }
        }
        return "user name lacks api-version";
    }
}

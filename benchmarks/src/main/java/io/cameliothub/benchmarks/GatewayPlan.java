package io.cameliothub.benchmarks;

import java.util.Locale;

/**
 * One gateway run: how many devices, the steady state's length, the protocol, the route ({@code gateway}: one
 * gateway endpoint, devices connected by their first message; {@code eager}: the same endpoint listing every device in
 * gatewayDevices, connected when it starts; {@code toD}: one endpoint per device through toD), Camel's cache size for
 * toD (0: its default of 1,000), and an optional hub stall in the middle of the steady state.
 */
record GatewayPlan(int devices, int seconds, String protocol, String route, int connectLimit, int cacheSize,
                   int stallMillis) {

    static final String ROUTES = "gateway, eager, toD";

    GatewayPlan {
        if (!ROUTES.contains(route) || route.contains(",")) {
            throw new IllegalArgumentException("route '" + route + "' is not known: expected one of " + ROUTES);
        }
    }

    boolean toD() {
        return route.equals("toD");
    }

    boolean eager() {
        return route.equals("eager");
    }

    String label() {
        String r = switch (route) {
            case "gateway" -> "gateway endpoint";
            case "eager" -> "gateway endpoint, gatewayDevices";
            default -> "toD" + (cacheSize > 0 ? String.format(Locale.ROOT, ", caches %,d", cacheSize) : "");
        };
        return r + " (" + protocol + ")" + (stallMillis > 0 ? String.format(Locale.ROOT, ", %.0f s hub stall",
                stallMillis / 1000.0) : "");
    }
}

package io.cameliothub.benchmarks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's mode and its {@code key=value} parameters ({@code -Dbench.args="gateway devices=5000 seconds=60"}).
 * Modes: {@code full} (everything), {@code smoke} (tiny counts, and a gateway run that must have nothing failed or
 * lost), {@code d2c}, {@code c2d}, {@code density}, {@code gateway}, {@code soak} (never part of full: see
 * {@link Soak}).
 */
final class Settings {

    static final String PARAMETERS = "protocols, sizes (KB), clients (camel,raw,sdk,paho), messages, warmups, "
            + "iterations, maxInFlight, c2dMessages, c2dWarmup, densities, devices, seconds, gatewayProtocol, connectLimit (s), cacheSize (0: Camel's 1,000), routes (gateway,eager,toD), stall (ms, 0: none), gatewayWarmup (s of 500 devices per route, 0: none), methodCalls, reconnects, minutes, amqpDevices, mqttDevices, faultEvery (s), seed (soak)";

    private final String mode;
    private final Map<String, String> values = new HashMap<>();

    private Settings(String mode) {
        this.mode = mode;
        values.put("protocols", "MQTT,MQTT_WS,AMQPS,AMQPS_WS,HTTPS,HTTPS_BATCH");
        values.put("sizes", "1,16");
        values.put("clients", "camel,raw,sdk,paho");
        values.put("messages", "10000");
        values.put("warmups", "1");
        values.put("iterations", "5");
        values.put("maxInFlight", "256");
        values.put("c2dMessages", "200");
        values.put("c2dWarmup", "5000");
        values.put("densities", "1000,5000");
        values.put("devices", "1000");
        values.put("seconds", "60");
        values.put("gatewayProtocol", "AMQPS");
        values.put("connectLimit", "300");
        values.put("cacheSize", "0");
        values.put("routes", "gateway,toD");
        values.put("stall", "0");
        values.put("gatewayWarmup", "5");
        values.put("methodCalls", "1000");
        values.put("reconnects", "100");
        values.put("minutes", "30");
        values.put("amqpDevices", "200");
        values.put("mqttDevices", "20");
        values.put("faultEvery", "20");
        values.put("seed", "15");
        if (mode.equals("smoke")) {
            values.put("messages", "50");
            values.put("warmups", "0");
            values.put("iterations", "1");
            values.put("sizes", "1");
            values.put("c2dMessages", "5");
            values.put("c2dWarmup", "5");
            values.put("densities", "10");
            values.put("devices", "500");
            values.put("seconds", "5"); // for each route: the gateway endpoint and toD
            values.put("gatewayWarmup", "0");
            values.put("methodCalls", "20");
            values.put("reconnects", "3");
        }
    }

    static Settings parse(String[] args) {
        List<String> words = Arrays.stream(args).flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(w -> !w.isEmpty()).toList();
        String mode = words.isEmpty() ? "full" : words.get(0);
        if (!List.of("full", "smoke", "d2c", "c2d", "density", "gateway", "twins", "soak").contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "': expected full, smoke, d2c, c2d, density, twins, soak or "
                                               + "gateway, then key=value parameters (" + PARAMETERS + ")");
        }
        Settings s = new Settings(mode);
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            if (eq < 1 || !s.values.containsKey(w.substring(0, eq))) {
                throw new IllegalArgumentException("parameter '" + w + "' not understood: expected key=value with key "
                                                   + "one of " + PARAMETERS);
            }
            s.values.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return s;
    }

    String mode() {
        return mode;
    }

    boolean runs(String part) {
        return mode.equals(part) || mode.equals("full") || mode.equals("smoke");
    }

    boolean smoke() {
        return mode.equals("smoke");
    }

    List<String> list(String key) {
        return Arrays.stream(values.get(key).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    int[] ints(String key) {
        try {
            return list(key).stream().mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a comma-separated list of integers, was " + values.get(key));
        }
    }

    int integer(String key) {
        int[] v = ints(key);
        if (v.length != 1) {
            throw new IllegalArgumentException(key + " must be one integer, was " + values.get(key));
        }
        return v[0];
    }

    String string(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return mode + " " + new java.util.TreeMap<>(values);
    }
}

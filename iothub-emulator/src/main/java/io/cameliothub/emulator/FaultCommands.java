package io.cameliothub.emulator;

import io.cameliothub.emulator.core.FaultSchedule;
import io.cameliothub.emulator.core.Faults;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The standalone console's {@code fault} command: {@code fault <name> [args] [every <duration> for <duration>]}.
 * Durations are milliseconds or carry a unit ({@code 500ms}, {@code 2s}, {@code 1m}).
 */
final class FaultCommands {

    static final String USAGE = """
            fault drop [deviceId]                    drop live connections (all, or one device's)
            fault expire <deviceId>                  end a device's session as an expired token would
            fault refuse <duration>                  refuse new connections (MQTT CONNACK 3, AMQP SASL temp, HTTPS 503)
            fault throttle <duration>                refuse telemetry with 429001
            fault lose-ack [count]                   accept the next D2C message(s), drop the connection before the ack
            fault delay-ack <delay> <duration>       send D2C acknowledgements <delay> late
            fault reset-http [count]                 reset the next HTTPS request(s) mid-request, unanswered
            ... every <period> for <duration>        repeat any of the above (e.g. fault drop every 2s for 1m)
            fault list                               running schedules and counters
            fault clear                              end every fault and schedule""";

    private FaultCommands() {
    }

    /** Runs one {@code fault ...} line; returns what to print. Bad input gets a message naming what was expected. */
    static String run(IotHubEmulator hub, String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length < 2 || !words[0].equals("fault")) {
            return USAGE;
        }
        Faults faults = hub.faults();
        try {
            int every = indexOf(words, "every");
            String[] command = Arrays.copyOfRange(words, 1, every < 0 ? words.length : every);
            if (command[0].equals("list")) {
                return "schedules: " + faults.schedules() + "; acknowledgements lost: " + faults.lostAcknowledgements()
                        + "; HTTPS requests reset: " + faults.droppedHttpsRequests();
            }
            if (command[0].equals("clear")) {
                faults.reset();
                return "faults cleared";
            }
            Consumer<Faults> fault = parse(command);
            String description = String.join(" ", command);
            if (every < 0) {
                fault.accept(faults);
                return "fault injected: " + description;
            }
            if (words.length != every + 4 || !words[every + 2].equals("for")) {
                throw new IllegalArgumentException("expected 'every <period> for <duration>' at the end");
            }
            FaultSchedule s = faults.every(duration(words[every + 1]), duration(words[every + 3]), description, fault);
            return "scheduled: " + s;
        } catch (IllegalArgumentException e) {
            return "fault: " + e.getMessage() + System.lineSeparator() + USAGE;
        }
    }

    private static Consumer<Faults> parse(String[] c) {
        String name = c[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "drop" -> {
                arguments(c, 0, 1);
                yield c.length == 2 ? f -> f.dropConnection(c[1]) : Faults::dropAllConnections;
            }
            case "expire" -> {
                arguments(c, 1, 1);
                yield f -> f.expireSession(c[1]);
            }
            case "refuse" -> {
                arguments(c, 1, 1);
                Duration d = duration(c[1]);
                yield f -> f.refuseConnections(d);
            }
            case "throttle" -> {
                arguments(c, 1, 1);
                Duration d = duration(c[1]);
                yield f -> f.throttle(d);
            }
            case "lose-ack" -> {
                arguments(c, 0, 1);
                int n = c.length == 2 ? count(c[1]) : 1;
                yield f -> f.loseAcknowledgements(n);
            }
            case "delay-ack" -> {
                arguments(c, 2, 2);
                Duration delay = duration(c[1]);
                Duration during = duration(c[2]);
                yield f -> f.delayAcknowledgements(delay, during);
            }
            case "reset-http" -> {
                arguments(c, 0, 1);
                int n = c.length == 2 ? count(c[1]) : 1;
                yield f -> f.dropHttpsRequests(n);
            }
            default -> throw new IllegalArgumentException("unknown fault '" + c[0] + "'; expected one of drop, expire, "
                    + "refuse, throttle, lose-ack, delay-ack, reset-http, list, clear");
        };
    }

    private static void arguments(String[] c, int min, int max) {
        int n = c.length - 1;
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + c[0] + "' takes " + (min == max ? min : min + " to " + max)
                    + " argument(s), got " + n + ": " + Arrays.stream(c).skip(1).collect(Collectors.joining(" ")));
        }
    }

    private static int indexOf(String[] words, String word) {
        for (int i = 0; i < words.length; i++) {
            if (words[i].equalsIgnoreCase(word)) {
                return i;
            }
        }
        return -1;
    }

    private static int count(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("count must be a positive whole number, got '" + s + "'");
    }

    /** {@code 250}, {@code 250ms}, {@code 2s}, {@code 1m}. */
    static Duration duration(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60));
            } else {
                d = Duration.ofMillis(Long.parseLong(t));
            }
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("a duration is milliseconds or a number with ms, s or m (e.g. 500ms, 2s, "
                + "1m), got '" + s + "'");
    }
}

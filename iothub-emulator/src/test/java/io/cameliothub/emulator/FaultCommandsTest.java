package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The standalone console's fault commands, through Main's command reader. */
class FaultCommandsTest {

    private static IotHubEmulator hub;

    @BeforeAll
    static void start() {
        hub = IotHubEmulator.builder().mqttPort(0).amqpPort(0).httpsPort(0).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static String console(String lines) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Main.readCommands(hub, new BufferedReader(new StringReader(lines)), new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void injectsFaultsAtOnceAndOnASchedule() {
        String out = console("fault refuse 5s\nfault throttle 1m\nfault lose-ack 2\nfault reset-http\n"
                + "fault drop every 100ms for 350ms\nfault list\n");

        assertThat(hub.faults().refusingConnections()).isTrue();
        assertThat(hub.faults().throttling()).isTrue();
        assertThat(out).contains("fault injected: refuse 5s").contains("scheduled: FaultSchedule[drop every 100 ms")
                .contains("schedules: [FaultSchedule[drop");
        assertThat(hub.faults().ackPlan().lose()).isTrue();
        assertThat(hub.faults().ackPlan().lose()).isTrue();
        assertThat(hub.faults().ackPlan().lose()).as("two lost, then normal again").isFalse();
        assertThat(hub.faults().takeHttpsRequestDrop()).isTrue();
        assertThat(hub.faults().takeHttpsRequestDrop()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.faults().schedules().isEmpty());

        assertThat(console("fault delay-ack 200ms 10s\n")).contains("fault injected");
        assertThat(hub.faults().ackPlan().delay()).isEqualTo(Duration.ofMillis(200));

        assertThat(console("fault clear\n")).contains("faults cleared");
        assertThat(hub.faults().refusingConnections()).isFalse();
        assertThat(hub.faults().throttling()).isFalse();
        assertThat(hub.faults().ackPlan().delay()).isZero();
    }

    @Test
    void badInputNamesWhatWasExpected() {
        assertThat(console("fault refuse soon\n")).contains("a duration is milliseconds or a number with ms, s or m")
                .contains("'soon'");
        assertThat(console("fault explode\n")).contains("unknown fault 'explode'");
        assertThat(console("fault lose-ack -1\n")).contains("count must be a positive whole number");
        assertThat(console("fault drop every 1s\n")).contains("expected 'every <period> for <duration>'");
        assertThat(console("fault delay-ack 1s\n")).contains("'delay-ack' takes 2 argument(s), got 1");
        assertThat(console("fault\n")).contains("fault drop [deviceId]");
        assertThat(hub.faults().schedules()).isEmpty();
    }
}

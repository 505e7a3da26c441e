package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The non-Java device recipe of docs/non-java-devices.adoc, run for real: examples/mosquitto/sas-token.sh mints the
 * token, Debian's mosquitto_pub sends telemetry and mosquitto_sub receives a command, over MQTT/TLS to the emulator
 * through localhost (no hosts file), trusting its ca.pem.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoRecipeTest {

    private static final Path SCRIPT = Path.of("..", "examples", "mosquitto", "sas-token.sh").toAbsolutePath();

    @Test
    void mosquittoClientsSendAndReceiveWithAScriptMadeToken(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto-clients is not installed (apt-get install mosquitto-clients; .ci/run installs it)");
        try (IotHubEmulator hub = IotHubEmulator.builder().hostName("hub.iothub.test").mqttPort(0).amqpPort(0)
                .httpsPort(0).start()) {
            DeviceInfo device = hub.registry().addDevice("mosquitto-1");
            Path ca = hub.tls().writeCaCertificate(dir.resolve("ca.pem"));
            String token = run(List.of("sh", SCRIPT.toString(), "hub.iothub.test", device.deviceId(),
                    device.primaryKey(), "600")).trim();
            List<String> common = List.of("-h", "localhost", "-p", String.valueOf(hub.mqttPort()), "--cafile",
                    ca.toString(), "-V", "mqttv311", "-i", device.deviceId(),
                    "-u", "hub.iothub.test/" + device.deviceId() + "/?api-version=2021-04-12", "-P", token);

            List<String> pub = new ArrayList<>(List.of("mosquitto_pub"));
            pub.addAll(common);
            pub.addAll(List.of("-q", "1", "-t", "devices/" + device.deviceId() + "/messages/events/",
                    "-m", "{\"temperature\":21.5}"));
            run(pub);
            assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), Duration.ofSeconds(10))
                    .bodyAsString()).isEqualTo("{\"temperature\":21.5}");

            List<String> sub = new ArrayList<>(List.of("mosquitto_sub"));
            sub.addAll(common);
            sub.addAll(List.of("-q", "1", "-C", "1", "-W", "20", "-t",
                    "devices/" + device.deviceId() + "/messages/devicebound/#"));
            hub.sendC2d(device.deviceId(), C2dMessage.builder().body("open the vents").messageId("cmd-1").build());
            assertThat(run(sub).trim()).isEqualTo("open the vents");
            // mosquitto_sub may exit before the hub has handled its PUBACK
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(hub.c2dQueue(device.deviceId()).entry("cmd-1")).hasValueSatisfying(
                            e -> assertThat(e.state()).isEqualTo(C2dState.COMPLETED)));
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output: %s", command.get(0), output).isZero();
        return output;
    }
}

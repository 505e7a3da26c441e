package io.cameliothub.emulator.https;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The faults as an HTTPS device sees them, with the JDK's HTTP client over TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsFaultsTest {

    private static final String API = "?api-version=2020-09-30";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final HttpClient http = HttpClient.newBuilder().sslContext(HUB.sslContext())
            .version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void endFaults() {
        HUB.faults().reset();
    }

    private HttpResponse<String> send(DeviceInfo d, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + HUB.httpsPort() + "/devices/"
                        + d.deviceId() + "/messages/events" + API))
                .timeout(WAIT)
                .header("Authorization", SasTokens.create(HUB.hostName() + "/devices/" + d.deviceId(), d.primaryKey(),
                        Duration.ofMinutes(10)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("https-fault-" + IDS.incrementAndGet());
    }

    @Test
    void refusingConnectionsAnswers503WithRetryAfter() throws Exception {
        DeviceInfo d = newDevice();
        HUB.faults().refuseConnections(Duration.ofSeconds(5));

        HttpResponse<String> r = send(d, "refused");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"errorCode\":503001");
        assertThat(r.headers().firstValue("iothub-errorcode")).hasValue("ServiceUnavailable");
        assertThat(r.headers().firstValue("retry-after")).hasValue("5");
        HUB.faults().reset();
        assertThat(send(d, "after").statusCode()).isEqualTo(204);
        assertThat(HUB.events().forDevice(d.deviceId())).extracting(e -> e.bodyAsString()).containsExactly("after");
    }

    @Test
    void aDroppedRequestIsResetUnansweredAndNothingIsStored() throws Exception {
        DeviceInfo d = newDevice();
        int before = HUB.faults().droppedHttpsRequests();
        HUB.faults().dropHttpsRequests(1);

        assertThatThrownBy(() -> send(d, "dropped")).isInstanceOf(IOException.class);

        assertThat(HUB.faults().droppedHttpsRequests()).isEqualTo(before + 1);
        assertThat(send(d, "next").statusCode()).as("only one request is dropped").isEqualTo(204);
        assertThat(HUB.events().forDevice(d.deviceId())).extracting(e -> e.bodyAsString()).containsExactly("next");
    }

    @Test
    void aLostAcknowledgementStoresTheMessageButResetsTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        int before = HUB.faults().lostAcknowledgements();
        HUB.faults().loseAcknowledgements(1);

        assertThatThrownBy(() -> send(d, "stored, never acknowledged")).isInstanceOf(IOException.class);

        assertThat(HUB.events().forDevice(d.deviceId())).extracting(e -> e.bodyAsString())
                .containsExactly("stored, never acknowledged");
        assertThat(HUB.faults().lostAcknowledgements()).isEqualTo(before + 1);
        assertThat(send(d, "again").statusCode()).isEqualTo(204);
    }

    @Test
    void delayedAcknowledgementsArriveLate() throws Exception {
        DeviceInfo d = newDevice();
        assertThat(send(d, "warm-up").statusCode()).isEqualTo(204);
        HUB.faults().delayAcknowledgements(Duration.ofMillis(600), Duration.ofSeconds(30));

        long start = System.nanoTime();
        HttpResponse<String> r = send(d, "late");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void throttlingCanBeScheduled() throws Exception {
        DeviceInfo d = newDevice();
        var schedule = HUB.faults().every(Duration.ofMillis(300), Duration.ofMillis(650), "throttle 280 ms",
                f -> f.throttle(Duration.ofMillis(280)));

        long deadline = System.nanoTime() + WAIT.toNanos();
        int throttled = 0;
        while (!schedule.done() && System.nanoTime() < deadline) {
            if (send(d, "probe").statusCode() == 429) {
                throttled++;
            }
            Thread.sleep(20);
        }

        assertThat(schedule.done()).isTrue();
        assertThat(schedule.firings()).isEqualTo(2);
        assertThat(throttled).as("requests answered 429 while a firing was on").isPositive();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !HUB.faults().throttling());
        assertThat(send(d, "after").statusCode()).isEqualTo(204);
    }
}

package io.cameliothub.component.springboot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's health check, read from Spring Boot Actuator's health endpoint over HTTP (camel-spring-boot's
 * camelHealth indicator): DOWN while the hub refuses connections, UP again after. And the component's meters, which
 * land in the MeterRegistry Actuator made with no configuration, read from Actuator's metrics endpoint.
 */
@SpringBootTest(classes = IotHubStarterActuatorHealthTest.HealthApplication.class,
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {
                        "server.address=127.0.0.1",
                        "management.endpoint.health.show-details=always",
                        "management.endpoints.web.exposure.include=health,metrics",
                        // Camel lists every check, not only the DOWN ones
                        "camel.health.exposure-level=full",
                        "camel.component.iothub.ssl-context-parameters=#hubTls",
                        "camel.component.iothub.reconnect-min-backoff=100ms",
                        "camel.component.iothub.reconnect-max-backoff=1s" })
@DirtiesContext
class IotHubStarterActuatorHealthTest {

    static final IotHubEmulator HUB = TestHub.get();
    static final DeviceInfo DEVICE = HUB.registry().addDevice("starter-health");
    static final String CHECK = "consumer:c2d-health";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Value("${local.server.port}")
    int serverPort;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HealthApplication {

        @Bean
        SSLContextParameters hubTls() {
            return TestHub.trust();
        }

        @Bean
        RouteBuilder commandRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("iothub:" + DEVICE.deviceId()).routeId("c2d-health").log("${body}");
                }
            };
        }
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) {
        properties.add("camel.component.iothub.connection-string", DEVICE::connectionString);
        properties.add("camel.component.iothub.port", HUB::mqttPort);
    }

    @Test
    void consumerIsDownWhileTheHubRefusesConnectionsAndUpAfter() {
        // the first request to a just-started server may time out on a loaded machine: retry it
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> consumerState().equals("UP"));
        assertThat(health().path("status").asText()).isEqualTo("UP");

        HUB.faults().refuseConnections(Duration.ofSeconds(3));
        HUB.faults().dropConnection(DEVICE.deviceId());

        await().atMost(Duration.ofSeconds(3)).until(() -> consumerState().equals("DOWN"));
        JsonNode down = health();
        assertThat(down.path("status").asText()).isEqualTo("DOWN");
        JsonNode camel = down.path("components").path("camelHealth");
        assertThat(camel.path("status").asText()).isEqualTo("DOWN");
        assertThat(camel.path("details").path(CHECK + ".data").path("iothub.device").asText())
                .isEqualTo(DEVICE.deviceId());

        await().atMost(Duration.ofSeconds(15)).until(() -> consumerState().equals("UP"));
        assertThat(health().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void theDevicesMetersShowInActuatorsMetricsEndpoint() {
        HUB.sendC2d(DEVICE.deviceId(), "metered");

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> metric("camel.iothub.c2d.completed") == 1);
        assertThat(metric("camel.iothub.c2d.received")).isEqualTo(1);
        assertThat(metric("camel.iothub.connected")).isEqualTo(1);
    }

    /** A meter of the device, as GET /actuator/metrics/NAME?tag=deviceId:... shows it. */
    private double metric(String name) {
        JsonNode meter = get("/actuator/metrics/" + name + "?tag=deviceId:" + DEVICE.deviceId());
        return meter.path("measurements").path(0).path("value").asDouble(-1);
    }

    private String consumerState() {
        return health().path("components").path("camelHealth").path("details").path(CHECK).asText();
    }

    private JsonNode health() {
        return get("/actuator/health");
    }

    private JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            // 200 when UP, 503 when DOWN: both carry the body
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(path + " not readable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.cameliothub.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as users start it ({@code java -jar iothub-emulator-<version>.jar --device device-1}): it prints the
 * device and service credentials, and the printed token and trust store reach the service REST API.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StandaloneJarIT {

    @Test
    void theJarStartsAndItsPrintedCredentialsWork(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("emulator.jar", "target/missing.jar"));
        assertThat(jar).exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--device", "device-1",
                "--mqtt-port", "0", "--amqp-port", "0", "--https-port", "0", "--out", dir.toString())
                .redirectErrorStream(true).start();
        try {
            String https = null;
            String token = null;
            String deviceLine = null;
            String ownerLine = null;
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Pattern port = Pattern.compile("HTTPS / MQTT and AMQP over WebSocket: (\\d+)");
            for (String line = out.readLine(); line != null && token == null; line = out.readLine()) {
                Matcher m = port.matcher(line);
                if (m.find()) {
                    https = m.group(1);
                } else if (line.contains("device device-1: HostName=")) {
                    deviceLine = line;
                } else if (line.contains("service (iothubowner):")) {
                    ownerLine = line;
                } else if (line.contains("SAS token for REST calls")) {
                    token = line.substring(line.indexOf("SharedAccessSignature"));
                }
            }
            assertThat(deviceLine).contains("DeviceId=device-1;SharedAccessKey=");
            assertThat(ownerLine).contains("SharedAccessKeyName=iothubowner;SharedAccessKey=");
            assertThat(https).isNotNull();
            assertThat(token).isNotNull();

            HttpClient http = HttpClient.newBuilder().sslContext(trust(dir.resolve("truststore.p12")))
                    .version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> device = http.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + https + "/devices/device-1?api-version=2021-04-12"))
                    .header("Authorization", token).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(device.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(device.body()).getString("deviceId")).isEqualTo("device-1");
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static SSLContext trust(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}

package io.cameliothub.component.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import io.cameliothub.component.IotHubComponent;
import io.cameliothub.component.IotHubConstants;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Identity;
import io.vertx.core.json.JsonObject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The official Azure IoT service SDK (iot-service-client) against Camel routes, through the emulator: its
 * DirectMethodsClient invokes a method that a {@code receive=methods} route answers, and its TwinClient patches
 * desired properties that a {@code receive=desiredProperties} route receives and reports back. The service SDK dials
 * the hub's REST API on port 443 (its connection string has no port), so the emulator takes IoT Hub's standard ports:
 * run it in a private network namespace ({@code nsrun}); the tests are skipped, saying why, when the ports are busy.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkServiceRoutesTest extends CamelTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").standardPorts().waitForPorts(Duration.ofSeconds(10)).skipWhenPortsBusy()
            .build();

    private static SSLSocketFactory previousFactory;

    /** The service SDK's REST client uses the JVM's default TLS socket factory. */
    @BeforeAll
    static void trustTheHub() {
        previousFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(HUB.sslContext().getSocketFactory());
    }

    @AfterAll
    static void restoreTrust() {
        HttpsURLConnection.setDefaultSSLSocketFactory(previousFactory);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + HUB.trustStorePath().toAbsolutePath());
        ks.setPassword(HUB.trustStorePassword());
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        context.getComponent("iothub", IotHubComponent.class).getConfiguration().setSslContextParameters(ssl);
        return context;
    }

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "MQTT", "AMQPS" })
    void theServiceSdkInvokesARoutesMethodAndPatchesDesiredPropertiesThatARouteReceives(IotHubProtocol protocol)
            throws Exception {
        DeviceInfo device = HUB.addDevice("svc-routes-" + protocol.name().toLowerCase());
        Identity identity = Identity.device(device.deviceId());
        String uri = "iothub:" + device.deviceId() + "?protocol=" + protocol + "&connectionString=RAW("
                     + device.connectionString() + ")";
        List<Exchange> desired = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&receive=methods").routeId("methods")
                        .setHeader(IotHubConstants.METHOD_STATUS, constant(201))
                        .setBody(simple("{\"route\":\"camel\",\"method\":\"${header.CamelIotHubMethodName}\","
                                        + "\"asked\":${body}}"));
                // each change is reported back, as a device acknowledges a setting
                from(uri + "&receive=desiredProperties&initialDesiredProperties=false").routeId("desired")
                        .process(desired::add)
                        .to(uri + "&operation=updateReportedProperties");
            }
        });
        await().atMost(WAIT).until(() -> HUB.methods().isSubscribed(identity)
                                         && HUB.twins().isSubscribedToDesired(identity));

        DirectMethodsClient methods = new DirectMethodsClient(HUB.hub().serviceConnectionString());
        DirectMethodResponse answer = methods.invoke(device.deviceId(), "reboot", DirectMethodRequestOptions.builder()
                .payload(Map.of("delay", 5)).methodConnectTimeoutSeconds(0).methodResponseTimeoutSeconds(10).build());
        assertThat(answer.getStatus()).isEqualTo(201);
        JsonObject payload = new JsonObject(answer.getPayloadAsJsonString());
        assertThat(payload.getString("route")).isEqualTo("camel");
        assertThat(payload.getString("method")).isEqualTo("reboot");
        assertThat(payload.getJsonObject("asked").getInteger("delay")).isEqualTo(5);

        TwinClient twins = new TwinClient(HUB.hub().serviceConnectionString());
        Twin twin = twins.get(device.deviceId());
        twin.getDesiredProperties().put("interval", 10);
        Twin patched = twins.patch(twin);
        await().atMost(WAIT).until(() -> desired.size() == 1);
        Exchange change = desired.get(0);
        assertThat(new JsonObject(change.getMessage().getBody(String.class)).getInteger("interval")).isEqualTo(10);
        assertThat(change.getMessage().getHeader(IotHubConstants.DESIRED_VERSION, Long.class))
                .isEqualTo(patched.getDesiredProperties().getVersion().longValue());
        await().atMost(WAIT).until(() -> twins.get(device.deviceId()).getReportedProperties().containsKey("interval"));
        assertThat(((Number) twins.get(device.deviceId()).getReportedProperties().get("interval")).intValue())
                .isEqualTo(10);

        // the methods route stopped: the service SDK gets IoT Hub's answer for a device that does not listen
        context.getRouteController().stopRoute("methods");
        assertThatThrownBy(() -> methods.invoke(device.deviceId(), "reboot", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(0).methodResponseTimeoutSeconds(5).build()))
                .isInstanceOfSatisfying(IotHubNotFoundException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(404103));
    }
}

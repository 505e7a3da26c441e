package io.cameliothub.component.dsl;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cameliothub.component.IotHubBodyFormat;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.cameliothub.component.dsl.IotHubEndpointBuilderFactory.iothub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written endpoint builder against the component's metadata (a method per endpoint option, none extra), and
 * a route built with EndpointRouteBuilder sending to the emulator over the real wire.
 */
class IotHubEndpointBuilderTest extends CamelTestSupport {

    private static IotHubEmulator hub;

    @BeforeAll
    static void startHub() {
        hub = IotHubEmulator.builder().hostName("hub.iothub.test").mqttPort(0).amqpPort(0).httpsPort(0).start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void everyEndpointOptionHasABuilderMethodAndNoMethodIsExtra() throws Exception {
        Set<String> options = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/cameliothub/component/iothub.json")) {
            new ObjectMapper().readTree(in).path("properties").properties().forEach(p -> {
                if ("parameter".equals(p.getValue().path("kind").asText())) {
                    options.add(p.getKey());
                }
            });
        }
        Set<String> methods = Arrays.stream(IotHubEndpointBuilderFactory.IotHubEndpointBuilder.class.getMethods())
                .filter(m -> m.getDeclaringClass().getSimpleName().endsWith("Options"))
                .map(Method::getName).filter(n -> !n.equals("doSetProperty")).collect(Collectors.toCollection(TreeSet::new));

        assertThat(methods).as("builder methods (IotHub*Options) against iothub.json's endpoint options")
                .isEqualTo(options);
    }

    @Test
    void typedOptionsBuildTheUri() {
        String uri = iothub("device-1/module-a").protocol(IotHubProtocol.AMQPS).port(5671).sendTimeout("10s")
                .bodyFormat(IotHubBodyFormat.JSON).allowEmptyBody(true).getRawUri();

        assertThat(uri).startsWith("iothub://device-1/module-a?")
                .contains("protocol=AMQPS", "port=5671", "sendTimeout=10s", "bodyFormat=JSON", "allowEmptyBody=true");
    }

    @Test
    void anEndpointRouteBuilderRouteSendsToTheHub() throws Exception {
        DeviceInfo device = hub.registry().addDevice("dsl-device");
        context.addRoutes(new EndpointRouteBuilder() {
            @Override
            public void configure() {
                from(direct("dsl")).to(iothub(device.deviceId()).protocol(IotHubProtocol.MQTT).port(hub.mqttPort())
                        .connectionString(device.connectionString()).sslContextParameters(trust())
                        .bodyFormat(IotHubBodyFormat.JSON));
            }
        });

        template.sendBody("direct:dsl", java.util.Map.of("temperature", 21.5));

        assertThat(hub.events().await(e -> device.deviceId().equals(e.deviceId()), Duration.ofSeconds(15)).bodyAsString())
                .isEqualTo("{\"temperature\":21.5}");
    }

    @Test
    void aGatewayEndpointConnectsTheDevicesOfACollectionWhenItStarts() throws Exception {
        java.util.List<String> ids = java.util.List.of(hub.registry().addDevice("dsl-gw-1").deviceId(),
                hub.registry().addDevice("dsl-gw-2").deviceId());
        io.cameliothub.emulator.core.AccessPolicy policy = hub.registry()
                .policy(io.cameliothub.emulator.core.DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow();
        context.addRoutes(new EndpointRouteBuilder() {
            @Override
            public void configure() {
                from(direct("gw")).to(iothub("").gateway(true).protocol(IotHubProtocol.AMQPS).port(hub.amqpPort())
                        .hostName(hub.hostName()).sharedAccessKeyName(policy.name())
                        .sharedAccessKey(policy.primaryKey()).sslContextParameters(trust()).gatewayDevices(ids));
            }
        });

        assertThat(hub.connections().live().stream().map(c -> c.deviceId()).filter(ids::contains).distinct())
                .as("both listed devices connected when the route started").hasSize(2);
    }

    private static SSLContextParameters trust() {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + hub.trustStorePath());
        ks.setPassword(hub.trustStorePassword());
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }

}

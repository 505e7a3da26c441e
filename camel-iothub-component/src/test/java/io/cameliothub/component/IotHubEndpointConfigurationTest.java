package io.cameliothub.component;

import java.time.Duration;
import java.time.Instant;

import io.cameliothub.component.auth.DeviceCredentials;
import io.cameliothub.component.auth.SasToken;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Endpoints built from URIs and from component-level configuration.
 */
class IotHubEndpointConfigurationTest extends CamelTestSupport {

    private static final String KEY = "Y2FtZWwtaW90aHViLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    private static final String CONNECTION_STRING = "HostName=hub.iothub.test;DeviceId=device-1;SharedAccessKey=" + KEY;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        IotHubComponent shared = new IotHubComponent();
        shared.getConfiguration().setHostName("hub.iothub.test");
        shared.getConfiguration().setSharedAccessKey(KEY);
        shared.getConfiguration().setSharedAccessKeyName("device");
        shared.getConfiguration().setProtocol(IotHubProtocol.AMQPS);
        context.addComponent("gateway", shared);
        return context;
    }

    @Test
    void takesEverythingFromTheConnectionString() {
        IotHubEndpoint endpoint = context.getEndpoint("iothub:?connectionString=RAW(" + CONNECTION_STRING + ")",
                IotHubEndpoint.class);
        IotHubSettings settings = endpoint.getSettings();

        assertThat(settings.hostName()).isEqualTo("hub.iothub.test");
        assertThat(settings.connectHost()).isEqualTo("hub.iothub.test");
        assertThat(settings.deviceId()).isEqualTo("device-1");
        assertThat(settings.moduleId()).isNull();
        assertThat(settings.protocol()).isEqualTo(IotHubProtocol.MQTT);
        assertThat(settings.port()).isEqualTo(8883);
        assertThat(settings.keepAlive()).isEqualTo(Duration.ofSeconds(230));
        assertThat(settings.credentials()).isInstanceOf(DeviceCredentials.SymmetricKey.class);
        assertThat(settings.hubName()).isEqualTo("hub");
    }

    @Test
    void pathNamesTheModuleAndAgreesWithTheConnectionString() {
        IotHubEndpoint endpoint = context.getEndpoint(
                "iothub:device-1/module-a?protocol=MQTT_WS&connectionString=RAW(" + CONNECTION_STRING + ")",
                IotHubEndpoint.class);

        assertThat(endpoint.getSettings().clientId()).isEqualTo("device-1/module-a");
        assertThat(endpoint.getSettings().port()).isEqualTo(443);
        SasToken token = endpoint.getSettings().credentials().token(Instant.ofEpochSecond(1_000_000));
        assertThat(token.audience()).isEqualTo("hub.iothub.test/devices/device-1/modules/module-a");
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(1_000_000 + 3600));
    }

    @Test
    void defaultPortFollowsTheProtocol() {
        assertThat(portOf("MQTT")).isEqualTo(8883);
        assertThat(portOf("MQTT_WS")).isEqualTo(443);
        assertThat(portOf("AMQPS")).isEqualTo(5671);
        assertThat(portOf("AMQPS_WS")).isEqualTo(443);
        assertThat(portOf("HTTPS")).isEqualTo(443);
        assertThat(portOf("amqps")).as("protocol names are case-insensitive").isEqualTo(5671);
    }

    private int portOf(String protocol) {
        return context.getEndpoint("iothub:d-" + protocol + "?protocol=" + protocol + "&connectionString=RAW(HostName="
                                   + "hub.iothub.test;DeviceId=d-" + protocol + ";SharedAccessKey=" + KEY + ")",
                IotHubEndpoint.class).getSettings().port();
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaults() {
        IotHubEndpoint first = context.getEndpoint("gateway:sensor-1", IotHubEndpoint.class);
        IotHubEndpoint second = context.getEndpoint("gateway:sensor-2?port=15671&sasTokenTimeToLive=10m", IotHubEndpoint.class);

        assertThat(first.getSettings().protocol()).isEqualTo(IotHubProtocol.AMQPS);
        assertThat(first.getSettings().port()).isEqualTo(5671);
        assertThat(second.getSettings().port()).isEqualTo(15671);
        SasToken token = second.getSettings().credentials().token(Instant.ofEpochSecond(0));
        assertThat(token.policyName()).isEqualTo("device");
        assertThat(token.audience()).isEqualTo("hub.iothub.test/devices/sensor-2");
        assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(600));
        // each endpoint works on its own copy
        assertThat(first.getConfiguration()).isNotSameAs(second.getConfiguration());
        assertThat(first.getConfiguration().getPort()).isNull();
    }

    @Test
    void gatewayChangesWhereItConnectsNotWhoItIs() {
        IotHubEndpoint endpoint = context.getEndpoint("iothub:device-1?gatewayHostName=edge.iothub.test&connectionString=RAW("
                                                      + CONNECTION_STRING + ")",
                IotHubEndpoint.class);

        assertThat(endpoint.getSettings().connectHost()).isEqualTo("edge.iothub.test");
        assertThat(endpoint.getSettings().hostName()).isEqualTo("hub.iothub.test");
        assertThat(endpoint.getSettings().credentials().token(Instant.EPOCH).audience())
                .isEqualTo("hub.iothub.test/devices/device-1");
    }

    @Test
    void aGivenTokenIsUsedAsIsAndItsExpiryReported() {
        String token = "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fdevice-1&sig=abc%3D&se=4102444800";
        IotHubEndpoint endpoint = context.getEndpoint("iothub:device-1?hostName=hub.iothub.test&sasToken=RAW(" + token + ")",
                IotHubEndpoint.class);
        DeviceCredentials credentials = endpoint.getSettings().credentials();

        assertThat(credentials.isRenewable()).isFalse();
        assertThat(credentials.token(Instant.EPOCH).value()).isEqualTo(token);
        assertThatThrownBy(() -> credentials.token(Instant.ofEpochSecond(4102444800L)))
                .hasMessage("The sasToken given for device-1 expired at 2100-01-01T00:00:00Z and cannot be renewed: "
                            + "configure a new token or a sharedAccessKey");
    }

    @Test
    void noSecretInToStrings() {
        IotHubEndpoint endpoint = context.getEndpoint("iothub:device-1?connectionString=RAW(" + CONNECTION_STRING + ")",
                IotHubEndpoint.class);

        assertThat(endpoint.toString()).doesNotContain(KEY);
        assertThat(endpoint.getSettings().toString()).doesNotContain(KEY);
        assertThat(endpoint.getSettings().credentials().toString()).doesNotContain(KEY);
        assertThat(endpoint.getConfiguration().toString()).doesNotContain(KEY);
    }

    @Test
    void everyProtocolHasATransport() {
        IotHubComponent component = context.getComponent("iothub", IotHubComponent.class);
        for (IotHubProtocol protocol : IotHubProtocol.values()) {
            assertThat(component.getTransports().supports(
                    io.cameliothub.component.transport.internal.TransportProtocol.valueOf(protocol.name()))).as(protocol.name())
                    .isTrue();
        }
    }
}

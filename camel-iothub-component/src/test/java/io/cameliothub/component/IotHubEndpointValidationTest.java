package io.cameliothub.component;

import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad URI, connection string or token gets an error that names the option and what was expected, and no error
 * repeats a secret.
 */
class IotHubEndpointValidationTest {

    static final String KEY = "Y2FtZWwtaW90aHViLXRlc3Qta2V5LTAxMjM0NTY3ODk=";
    static final String SIGNATURE = "b7FH%2FhnMqxSICNVsa3AuhWMB7e%2BbUGhmPi4lwlkTDfI%3D";
    private static final String FUTURE_TOKEN = "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fd1&sig=" + SIGNATURE
                                               + "&se=4102444800";
    static final String KEY_WITH_PLUS = "a2V5K3dpdGgrcGx1cytzaWducy4uLi4uLi4uLi4+Pj4+";
    private static final String RAW_HINT = ". In an endpoint URI, wrap keys and connection strings in RAW(...), e.g. "
                                           + "sharedAccessKey=RAW(...), so that '+', '/' and '=' arrive intact";
    private static final String HUB = "hostName=hub.iothub.test";
    private static final String WITH_KEY = HUB + "&sharedAccessKey=RAW(" + KEY + ")";

    private static CamelContext context;

    @BeforeAll
    static void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterAll
    static void stopContext() {
        context.stop();
    }

    static Stream<Arguments> badEndpoints() {
        String expectedChars = "expected 1 to 128 ASCII letters, digits or - . % _ * ? ! ( ) , : = @ $ '";
        return Stream.of(
                arguments("iothub:d1?protocol=COAP&" + WITH_KEY,
                        "protocol 'COAP' is not known: expected one of MQTT, MQTT_WS, AMQPS, AMQPS_WS, HTTPS"),
                arguments("iothub:d1?port=0&" + WITH_KEY, "port 0 is out of range: expected 1 to 65535"),
                arguments("iothub:d1?port=70000&" + WITH_KEY, "port 70000 is out of range: expected 1 to 65535"),
                arguments("iothub:d1?" + HUB,
                        "No credentials for device d1: set sharedAccessKey, sasToken, a connectionString that "
                                              + "holds one, or an X.509 client certificate (certificateFile and "
                                              + "privateKeyFile, keyStoreFile, or sslContextParameters' key managers)"),
                arguments("iothub:d1?" + WITH_KEY + "&sasToken=RAW(" + FUTURE_TOKEN + ")",
                        "Credentials are ambiguous: sharedAccessKey and sasToken are both given; "
                                                                                                  + "configure exactly one"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY
                          + ";x509=true)",
                        "Credentials are ambiguous: sharedAccessKey and x509 are both given; configure exactly one"),
                arguments("iothub:d1?" + HUB + "&sharedAccessKey=RAW(not*base64)", "sharedAccessKey is not valid Base64"
                        + RAW_HINT),
                arguments("iothub:d1?" + HUB + "&sharedAccessKey=" + KEY_WITH_PLUS, "sharedAccessKey is not valid Base64: "
                        + "it holds a space, which is what a '+' becomes in an endpoint URI" + RAW_HINT),
                arguments("iothub:d1?connectionString=HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY_WITH_PLUS,
                        "sharedAccessKey is not valid Base64: it holds a space, which is what a '+' becomes in an endpoint "
                        + "URI" + RAW_HINT),
                arguments("iothub:d1?conectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY + ")",
                        "Unknown option 'conectionString' (did you mean connectionString?): the iothub endpoint's options "
                        + "are listed in its documentation (docs/iothub-component.adoc)"),
                arguments("iothub:d1?sharedAccessKey=RAW(" + KEY + ")",
                        "hostName is missing: set hostName (e.g. my-hub.azure-devices.net) or a connectionString with "
                                                                        + "HostName"),
                arguments("iothub:d1?hostName=bad_host&sharedAccessKey=RAW(" + KEY + ")",
                        "hostName 'bad_host' is not a valid host name"),
                arguments("iothub:d1?gatewayHostName=edge..gw&" + WITH_KEY,
                        "gatewayHostName 'edge..gw' is not a valid host name"),
                arguments("iothub:dev~1?" + WITH_KEY, "deviceId 'dev~1' is not valid: " + expectedChars),
                arguments("iothub:" + "d".repeat(129) + "?" + WITH_KEY,
                        "deviceId '" + "d".repeat(129) + "' is not valid: " + expectedChars),
                arguments("iothub:d1/mod~a?" + WITH_KEY,
                        "moduleId 'mod~a' is not valid: expected 1 to 128 ASCII letters, digits or "
                                                         + "- . + % _ # * ? ! ( ) , : = @ $ '"),
                arguments("iothub:a/b/c?" + WITH_KEY,
                        "The endpoint path 'a/b/c' is not valid: expected iothub:deviceId or iothub:deviceId/moduleId"),
                arguments("iothub:d2?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY + ")",
                        "deviceId 'd2' disagrees with the connectionString's 'd1'"),
                arguments("iothub:d1/m2?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;ModuleId=m1;"
                          + "SharedAccessKey=" + KEY + ")",
                        "moduleId 'm2' disagrees with the connectionString's 'm1'"),
                arguments("iothub:d1?hostName=other.iothub.test&connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;"
                          + "SharedAccessKey=" + KEY + ")",
                        "hostName 'other.iothub.test' disagrees with the connectionString's 'hub.iothub.test'"),
                arguments("iothub:d1?sharedAccessKey=RAW(c29tZS1vdGhlci1rZXk=)&connectionString=RAW(HostName=hub.iothub.test;"
                          + "DeviceId=d1;SharedAccessKey=" + KEY + ")",
                        "sharedAccessKey is given both as an option and in the connectionString, with different values"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;Sharedaccesskeys=" + KEY + ")",
                        "connectionString has an unknown key 'Sharedaccesskeys': expected HostName, DeviceId, ModuleId, "
                                                                                                        + "SharedAccessKey, SharedAccessKeyName, SharedAccessSignature, GatewayHostName or x509"),
                arguments("iothub:d1?connectionString=RAW(DeviceId=d1;SharedAccessKey=" + KEY + ")",
                        "connectionString has no HostName"),
                arguments("iothub:?connectionString=RAW(HostName=hub.iothub.test;SharedAccessKey=" + KEY + ")",
                        "connectionString has no DeviceId"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;" + KEY + ")",
                        "connectionString has an unknown key (not shown: it may be a secret): expected HostName, DeviceId, "
                                                                                                  + "ModuleId, SharedAccessKey, SharedAccessKeyName, SharedAccessSignature, GatewayHostName or x509"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;garbage)",
                        "connectionString has a part that is not Key=Value: expected Key=Value pairs separated by ';'"),
                arguments("iothub:d1?connectionString=RAW(HostName%3Dhub.iothub.test%3BDeviceId%3Dd1)",
                        "connectionString has a part that is not Key=Value: expected Key=Value pairs separated by ';' "
                        + "(it arrived percent-encoded: wrap it in RAW(...) where it is written into a URI or handed "
                        + "to a Kamelet)"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=;SharedAccessKey=" + KEY + ")",
                        "connectionString has an empty value for DeviceId"),
                arguments("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;DeviceId=d1;SharedAccessKey="
                          + KEY + ")",
                        "connectionString names DeviceId twice"),
                arguments("iothub:d1?sasTokenTimeToLive=0&" + WITH_KEY, "sasTokenTimeToLive must be positive, was 0ms"),
                arguments("iothub:d1?connectTimeout=0&" + WITH_KEY, "connectTimeout must be positive, was 0ms"),
                arguments("iothub:d1?keepAliveInterval=0&" + WITH_KEY, "keepAliveInterval must be positive, was 0ms"),
                arguments("iothub:d1?keepAliveInterval=1200s&" + WITH_KEY,
                        "keepAliveInterval 1200s is above IoT Hub's maximum of 1177s"),
                arguments("iothub:d1?" + HUB + "&sasToken=RAW(sr=hub.iothub.test&sig=" + SIGNATURE
                          + "&se=4102444800)",
                        "sasToken is malformed: expected it to start with 'SharedAccessSignature '"),
                arguments("iothub:d1?" + HUB + "&sasToken=RAW(SharedAccessSignature sr=hub.iothub.test"
                          + "&se=4102444800)",
                        "sasToken is malformed: it has no 'sig' field"),
                arguments("iothub:d1?" + HUB + "&sasToken=RAW(SharedAccessSignature sr=hub.iothub.test&sig="
                          + SIGNATURE + "&se=tomorrow)",
                        "sasToken is malformed: 'se' must be the expiry in seconds since the epoch"),
                arguments("iothub:d1?" + HUB + "&sasToken=RAW(SharedAccessSignature sr=hub.iothub.test"
                          + "%2Fdevices%2Fd1&sig=" + SIGNATURE + "&se=1000000000)",
                        "sasToken expired at 2001-09-09T01:46:40Z: give a current token or a sharedAccessKey"),
                arguments("iothub:d1?" + HUB + "&sharedAccessKeyName=device",
                        "sharedAccessKeyName is set but sharedAccessKey is missing"));
    }

    @ParameterizedTest
    @MethodSource("badEndpoints")
    void refusesWithAClearError(String uri, String expectedMessage) {
        ResolveEndpointFailedException e
                = catchThrowableOfType(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));

        assertThat(e).as("creating %s must fail", uri).isNotNull();
        assertThat(ExceptionUtils.rootCause(e)).isInstanceOf(IllegalArgumentException.class).hasMessage(expectedMessage);
        assertThat(e.getCause()).as("wrapped once, by Camel").isSameAs(ExceptionUtils.rootCause(e));
        assertThat(e.getMessage()).as("says the cause once").endsWith("due to: " + expectedMessage);
        assertThat(ExceptionUtils.allMessages(e)).doesNotContain(KEY).doesNotContain(SIGNATURE).doesNotContain("sig=")
                .doesNotContain(KEY_WITH_PLUS).doesNotContain(KEY_WITH_PLUS.replace('+', ' '));
    }
}

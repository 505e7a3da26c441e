package io.cameliothub.component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.cameliothub.component.secrets.LogCapture;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.provider.Arguments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The bad-input table: URIs, options, headers, bodies, connection strings and tokens that must each be refused with an
 * error naming the field and what was expected. Every secret the table uses (keys, a SAS signature, a policy key, a
 * proxy password, the emulator device's key) is checked to appear in no error (message, toString, stack trace) and in
 * no line logged at DEBUG while the table runs. Exchange cases go over the emulator, on real connections.
 */
class BadInputTableTest extends EmulatorTestSupport {

    private static final String KEY = IotHubEndpointValidationTest.KEY;
    private static final String SIGNATURE = IotHubEndpointValidationTest.SIGNATURE;
    private static final String POLICY_KEY = "cG9saWN5LWtleS1wb2xpY3kta2V5LXBvbGljeS0wMTI=";
    private static final String PROXY_PASSWORD = "pr0xy-Pa55word-never-shown";
    private static final String HUB = "hostName=hub.iothub.test";
    private static final String WITH_KEY = HUB + "&sharedAccessKey=RAW(" + KEY + ")";
    private static final String POLICY = HUB + "&sharedAccessKeyName=device&sharedAccessKey=RAW(" + POLICY_KEY + ")";
    private static final String TOKEN_START = "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fd1";

    /** A POJO, which the component cannot send as it is. */
    private record Reading(double celsius) {
    }

    private record Case(String name, Callable<Throwable> failure, List<String> expected) {
    }

    private final List<String> secrets = new ArrayList<>(List.of(KEY, SIGNATURE, SIGNATURE.replace("%3D", "="),
            POLICY_KEY, PROXY_PASSWORD, IotHubEndpointValidationTest.KEY_WITH_PLUS,
            IotHubEndpointValidationTest.KEY_WITH_PLUS.replace('+', ' ')));

    @TestFactory
    Stream<DynamicTest> badInputTable() throws Exception {
        DeviceInfo mqtt = hub.registry().addDevice("bad-input-mqtt");
        DeviceInfo https = hub.registry().addDevice("bad-input-https");
        secrets.add(mqtt.primaryKey());
        secrets.add(https.primaryKey());
        List<Case> table = new ArrayList<>();
        IotHubEndpointValidationTest.badEndpoints().map(Arguments::get)
                .forEach(a -> table.add(uri((String) a[0], (String) a[1])));
        table.addAll(options());
        table.addAll(connectionStringsAndTokens());
        table.addAll(consumersAndProducers(mqtt, https));
        table.addAll(headersAndBodies(mqtt, https));

        AtomicInteger checked = new AtomicInteger();
        LogCapture log = new LogCapture();
        Stream<DynamicTest> cases = table.stream().map(c -> dynamicTest(c.name(), () -> {
            checked.incrementAndGet();
            Throwable failure = c.failure().call();
            assertThat(failure).as("%s must fail", c.name()).isNotNull();
            String shown = everythingShown(failure);
            for (String fragment : c.expected()) {
                assertThat(shown).as("the error of %s", c.name()).contains(fragment);
            }
            for (String secret : secrets) {
                assertThat(shown).as("the error of %s (message, toString, stack)", c.name()).doesNotContain(secret);
            }
        }));
        DynamicTest scanLog = dynamicTest("no secret in any line logged at DEBUG during the " + table.size()
                                          + " cases", () -> {
            String logged = log.text();
            log.close();
            assertThat(checked.get()).as("cases in the table").isEqualTo(table.size()).isGreaterThanOrEqualTo(60);
            assertThat(logged).as("DEBUG was captured").contains(" DEBUG ");
            for (String secret : secrets) {
                assertThat(logged).as("the log").doesNotContain(secret);
            }
        });
        return Stream.concat(cases, Stream.of(scanLog));
    }

    @Test
    void noSecretInTheToStringOfWhatAValidEndpointIsMadeOf() {
        String token = TOKEN_START + "&sig=" + SIGNATURE + "&se=4102444800";
        for (String credentials : List.of("sharedAccessKey=RAW(" + KEY + ")", "sasToken=RAW(" + token + ")",
                "proxyHost=proxy.local&proxyPort=3128&proxyUsername=me&proxyPassword=RAW(" + PROXY_PASSWORD
                + ")&sharedAccessKey=RAW(" + KEY + ")")) {
            IotHubEndpoint endpoint = context.getEndpoint("iothub:d1?" + HUB + "&" + credentials, IotHubEndpoint.class);
            IotHubSettings settings = endpoint.getSettings();
            String shown = String.join("\n", endpoint.toString(), settings.toString(), settings.transport().toString(),
                    settings.credentials().toString(), String.valueOf(settings.proxy()));
            assertThat(shown).contains("d1");
            for (String secret : secrets) {
                assertThat(shown).as(credentials.substring(0, 10)).doesNotContain(secret);
            }
        }
    }

    @Test
    void theValueChecksTakeEveryFormCamelTakes() {
        IotHubEndpoint endpoint = context.getEndpoint("iothub:d1?" + WITH_KEY + "&connectTimeout=PT20S&sendTimeout=1m30s"
                + "&keepAliveInterval=60000&protocol=mqtt_ws&c2dFailureOutcome=abandon&allowEmptyBody=TRUE&port=8443"
                + "&exchangePattern=InOnly", IotHubEndpoint.class);

        IotHubConfiguration config = endpoint.getConfiguration();
        assertThat(config.getConnectTimeout()).isEqualTo(20_000);
        assertThat(config.getSendTimeout()).isEqualTo(90_000);
        assertThat(config.getProtocol()).isEqualTo(IotHubProtocol.MQTT_WS);
        assertThat(config.getC2dFailureOutcome()).isEqualTo(io.cameliothub.component.transport.C2dOutcome.ABANDON);
        assertThat(config.isAllowEmptyBody()).isTrue();
        assertThat(config.getPort()).isEqualTo(8443);
    }

    @Test
    void aPlusOrSpacesAroundAValueAreTrimmedNotReadAsZero() {
        // '+' in a URI query decodes to a space: these arrive as " 8443", " 1", " 5", " 5s", " true", "60000 "
        IotHubEndpoint endpoint = context.getEndpoint("iothub:d1?" + WITH_KEY + "&port=+8443&qos=%2B1&maxInFlight=+5"
                + "&connectTimeout=+5s&allowEmptyBody=+true&keepAliveInterval=60000+&protocol=+mqtt_ws"
                + "&proxyHost=proxy.local&proxyPort=+3128", IotHubEndpoint.class);

        IotHubConfiguration config = endpoint.getConfiguration();
        assertThat(config.getPort()).isEqualTo(8443);
        assertThat(config.getQos()).isEqualTo(1);
        assertThat(config.getMaxInFlight()).isEqualTo(5);
        assertThat(config.getConnectTimeout()).isEqualTo(5_000);
        assertThat(config.isAllowEmptyBody()).isTrue();
        assertThat(config.getKeepAliveInterval()).isEqualTo(60_000);
        assertThat(config.getProtocol()).isEqualTo(IotHubProtocol.MQTT_WS);
        assertThat(endpoint.getSettings().proxy().port()).isEqualTo(3128);
    }

    // ---- options: ranges, enums, numbers, combinations, proxies, gateways ----

    private List<Case> options() {
        return List.of(
                uri("iothub:d1?maxInFlight=0&" + WITH_KEY, "maxInFlight must be at least 1, was 0"),
                uri("iothub:d1?maxQueued=-1&" + WITH_KEY, "maxQueued must be 0 or more, was -1"),
                uri("iothub:d1?qos=2&" + WITH_KEY, "qos 2 is not supported: expected 0 or 1"),
                uri("iothub:d1?sendTimeout=0&" + WITH_KEY, "sendTimeout must be positive, was 0ms"),
                uri("iothub:d1?failFastWhenDisconnected=-1&" + WITH_KEY,
                        "failFastWhenDisconnected must be 0 (off) or positive, was -1ms"),
                uri("iothub:d1?reconnectMinBackoff=5s&reconnectMaxBackoff=1s&" + WITH_KEY,
                        "reconnectMaxBackoff 1000ms is shorter than reconnectMinBackoff 5000ms"),
                uri("iothub:d1?port=abc&" + WITH_KEY, "port 'abc' is not a whole number"),
                uri("iothub:d1?port=84+43&" + WITH_KEY, "port '84 43' is not a whole number"),
                uri("iothub:d1?port=+-8443&" + WITH_KEY, "port -8443 is out of range: expected 1 to 65535"),
                uri("iothub:d1?qos=high&" + WITH_KEY, "qos 'high' is not a whole number"),
                uri("iothub:d1?maxInFlight=lots&" + WITH_KEY, "maxInFlight 'lots' is not a whole number"),
                uri("iothub:d1?connectTimeout=soon&" + WITH_KEY,
                        "connectTimeout 'soon' is not a duration: expected e.g. 30s, 500ms, 1m30s, 1h, PT30S or a number "
                        + "of milliseconds"),
                uri("iothub:d1?allowEmptyBody=yes&" + WITH_KEY, "allowEmptyBody 'yes' is not a boolean: expected true or false"),
                uri("iothub:d1?protocol=&" + WITH_KEY, "protocol '' is not known: expected one of MQTT, MQTT_WS"),
                uri("iothub:d1?c2dFailureOutcome=DROP&" + WITH_KEY,
                        "c2dFailureOutcome 'DROP' is not known: expected one of COMPLETE, ABANDON, REJECT"),
                uri("iothub:d1?bodyFormat=XML&" + WITH_KEY, "bodyFormat 'XML' is not known: expected one of "),
                uri("iothub:d1?operation=deleteTwin&" + WITH_KEY,
                        "operation 'deleteTwin' is not known: expected one of sendEvent, getTwin, updateReportedProperties"),
                uri("iothub:d1?receive=everything&" + WITH_KEY,
                        "receive 'everything' is not known: expected one of messages, desiredProperties, methods"),
                uri("iothub:d1?proxyType=FTP&proxyHost=proxy.local&proxyPort=3128&" + WITH_KEY,
                        "proxyType 'FTP' is not known: expected one of HTTP, SOCKS"),
                uri("iothub:d1?sslContextParameters=#noSuchBean&" + WITH_KEY, "sslContextParameters", "noSuchBean"),
                uri("iothub:d1?proxyPasword=RAW(" + PROXY_PASSWORD + ")&" + WITH_KEY,
                        "Unknown option 'proxyPasword' (did you mean proxyPassword?)"),
                uri("iothub:d1?sharedAccesKey=RAW(" + KEY + ")&" + HUB,
                        "Unknown option 'sharedAccesKey' (did you mean sharedAccessKey?)"),
                uri("iothub:d1?proxyPort=3128&" + WITH_KEY, "proxyPort, proxyUsername and proxyPassword need proxyHost"),
                uri("iothub:d1?proxyHost=proxy.local&" + WITH_KEY, "proxyPort is missing: give the port of proxy"),
                uri("iothub:d1?proxyHost=proxy.local&proxyPort=70000&" + WITH_KEY,
                        "proxyPort 70000 is not a port number (1-65535)"),
                uri("iothub:d1?proxyHost=proxy.local&proxyPort=3128&proxyPassword=RAW(" + PROXY_PASSWORD + ")&" + WITH_KEY,
                        "proxyPassword is set but proxyUsername is missing"),
                uri("iothub:d1?protocol=HTTPS&proxyType=SOCKS&proxyHost=proxy.local&proxyPort=1080&" + WITH_KEY,
                        "proxyType SOCKS is not available with protocol HTTPS"),
                uri("iothub:d1?protocol=HTTPS&proxyHost=proxy.local&proxyPort=3128&proxyUsername=me&proxyPassword=RAW("
                    + PROXY_PASSWORD + ")&" + WITH_KEY, "proxyUsername is set with protocol HTTPS"),
                uri("iothub:d1?hostName=hub.iothub.test:8883&sharedAccessKey=RAW(" + KEY + ")",
                        "hostName 'hub.iothub.test:8883' is not a valid host name"),
                uri("iothub:d1/" + "m".repeat(129) + "?" + WITH_KEY, "moduleId '" + "m".repeat(129) + "' is not valid"),
                uri("iothub:d 1?" + WITH_KEY, "deviceId 'd 1' is not valid"),
                uri("iothub:?gateway=true&sasToken=RAW(" + TOKEN_START + "&sig=" + SIGNATURE + "&se=4102444800)&" + HUB,
                        "gateway=true cannot use sasToken"),
                uri("iothub:d1?gateway=true&" + POLICY, "leave the endpoint path empty"),
                uri("iothub:?gateway=true&gatewayIdleTimeout=0&" + POLICY, "gatewayIdleTimeout must be positive, was 0ms"),
                uri("iothub:?gateway=true&" + HUB + "&sharedAccessKey=RAW(" + POLICY_KEY + ")",
                        "sharedAccessKey without sharedAccessKeyName is a device key"),
                uri("iothub:?gateway=true&connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey="
                    + KEY + ")", "gateway=true takes the connectionString of a shared access policy with DeviceConnect"));
    }

    // ---- connection strings and SAS tokens ----

    private List<Case> connectionStringsAndTokens() {
        return List.of(
                uri("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;GatewayHostName=edge..gw;"
                    + "SharedAccessKey=" + KEY + ")", "gatewayHostName 'edge..gw' is not a valid host name"),
                uri("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=not*base64)",
                        "sharedAccessKey is not valid Base64"),
                uri("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessSignature="
                    + TOKEN_START + "&sig=" + SIGNATURE + "&se=1000000000)", "sasToken expired at 2001-09-09T01:46:40Z"),
                uri("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessSignature=sig="
                    + SIGNATURE + ")", "sasToken is malformed", "expected it to start with 'SharedAccessSignature '"),
                uri("iothub:d1?connectionString=RAW(HostName=hub.iothub.test;DeviceId=d1;SharedAccessKeyName=device)",
                        "sharedAccessKeyName is set but sharedAccessKey is missing"),
                uri("iothub:d1?connectionString=RAW(;;)", "connectionString has no HostName"),
                uri("iothub:d1?connectionString=RAW(HostName=bad_host;DeviceId=d1;SharedAccessKey=" + KEY + ")",
                        "hostName 'bad_host' is not a valid host name"),
                uri("iothub:d1?" + HUB + "&sasToken=RAW(SharedAccessSignature garbage-" + SIGNATURE + ")",
                        "sasToken is malformed: expected key=value fields separated by '&'"),
                uri("iothub:d1?" + HUB + "&sasToken=RAW(" + TOKEN_START + "&sig=" + SIGNATURE + ")",
                        "sasToken is malformed: it has no 'se' field"),
                uri("iothub:d1?" + HUB + "&sasToken=RAW(SharedAccessSignature sig=" + SIGNATURE + "&se=4102444800)",
                        "sasToken is malformed: it has no 'sr' field"),
                uri("iothub:d1?" + HUB + "&sharedAccessKey=RAW(" + KEY.substring(0, 10) + "!" + ")",
                        "sharedAccessKey is not valid Base64"));
    }

    // ---- what only shows when a producer or consumer is made ----

    private List<Case> consumersAndProducers(DeviceInfo mqtt, DeviceInfo https) {
        return List.of(
                route("from", uriFor(https, IotHubProtocol.HTTPS, "receive=methods"),
                        "receive=methods is not offered by IoT Hub over HTTPS"),
                route("to", uriFor(https, IotHubProtocol.HTTPS, "operation=getTwin"),
                        "operation=getTwin needs a device twin, which IoT Hub does not offer over HTTPS"),
                route("from", uriFor(https, IotHubProtocol.HTTPS, "pollInterval=0"), "pollInterval must be positive"),
                route("from", uriFor(https, IotHubProtocol.HTTPS, "maxMessagesPerPoll=0"),
                        "maxMessagesPerPoll must be at least 1, was 0"),
                route("from", "iothub:?gateway=true&" + POLICY, "gateway=true endpoints only send"),
                route("to", uriFor(https, IotHubProtocol.HTTPS, "operation=updateReportedProperties"),
                        "operation=updateReportedProperties needs a device twin"));
    }

    // ---- headers and bodies, sent over real connections ----

    private List<Case> headersAndBodies(DeviceInfo mqtt, DeviceInfo https) {
        String d2c = uriFor(mqtt, IotHubProtocol.MQTT, null);
        String overHttps = uriFor(https, IotHubProtocol.HTTPS, null);
        String twin = uriFor(mqtt, IotHubProtocol.MQTT, "operation=updateReportedProperties");
        String gateway = "iothub:?gateway=true&protocol=MQTT&port=" + portOf(IotHubProtocol.MQTT) + "&" + POLICY;
        return List.of(
                send("null body", d2c, e -> e.getMessage().setBody(null), "The message body is null",
                        "allowEmptyBody=true"),
                send("POJO body", d2c, e -> e.getMessage().setBody(new Reading(21.5)),
                        "cannot be sent: Camel has no type converter from it to byte[]", "bodyFormat=JSON"),
                send("body JSON cannot write", uriFor(mqtt, IotHubProtocol.MQTT, "bodyFormat=JSON"),
                        e -> e.getMessage().setBody(new Object()), "cannot be written as JSON (bodyFormat=JSON)"),
                send("oversize body", d2c, e -> e.getMessage().setBody(new byte[256 * 1024 + 1]),
                        "The message is 262145 bytes", "IoT Hub accepts at most 262144 bytes"),
                send("oversize item of a batch", d2c, e -> e.getMessage().setBody(List.of("small", "x".repeat(300_000))),
                        "bytes", "IoT Hub accepts at most 262144 bytes"),
                send("operation header", d2c, e -> e.getMessage().setHeader(IotHubConstants.OPERATION, "deleteTwin"),
                        "Header CamelIotHubOperation is 'deleteTwin'; expected sendEvent, getTwin or updateReportedProperties"),
                send("creation time header", d2c, e -> e.getMessage().setHeader(IotHubConstants.CREATION_TIME, "yesterday"),
                        "Header CamelIotHubCreationTime must be an Instant, a Date, epoch milliseconds or an ISO-8601 instant"),
                send("expiry time header", d2c, e -> e.getMessage().setHeader(IotHubConstants.EXPIRY_TIME, Map.of()),
                        "Header CamelIotHubExpiryTime must be an Instant"),
                send("reported properties: null body", twin, e -> e.getMessage().setBody(null),
                        "updateReportedProperties needs a JSON object in the body", "the body is null"),
                send("reported properties: JSON array", twin, e -> e.getMessage().setBody("[1,2]"),
                        "updateReportedProperties needs a JSON object in the body, not ARRAY"),
                send("reported properties: not JSON", twin, e -> e.getMessage().setBody("firmware 1.2"),
                        "updateReportedProperties needs a JSON object in the body"),
                send("HTTPS property name", overHttps, e -> withHeader(e, "a b", "1"),
                        "The property name 'a b' cannot travel over HTTPS"),
                send("HTTPS property value", overHttps, e -> withHeader(e, "color", "☃"),
                        "The value of property 'color' cannot travel over HTTPS: header values allow only printable ASCII"),
                send("gateway without device header", gateway, e -> e.getMessage().setBody("x"),
                        "Header CamelIotHubDeviceId is missing"));
    }

    private static void withHeader(Exchange exchange, String name, String value) {
        exchange.getMessage().setBody("reading");
        exchange.getMessage().setHeader(name, value);
    }

    private Case uri(String uri, String... expected) {
        return new Case("URI " + shorten(uri), () -> {
            try {
                context.getEndpoint(uri);
                return null;
            } catch (Exception e) {
                return e;
            }
        }, List.of(expected));
    }

    private Case route(String direction, String uri, String... expected) {
        return new Case(direction + " " + shorten(uri), () -> {
            try {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        if ("from".equals(direction)) {
                            from(uri).to("log:never");
                        } else {
                            from("direct:" + System.nanoTime()).to(uri);
                        }
                    }
                });
                return null;
            } catch (Exception e) {
                return e;
            }
        }, List.of(expected));
    }

    private Case send(String name, String uri, Processor exchange, String... expected) {
        return new Case("exchange: " + name, () -> {
            Exchange sent = template.send(uri, exchange);
            return sent.getException();
        }, List.of(expected));
    }

    /** A case's name shows no secret either (JUnit prints it). */
    private static String shorten(String uri) {
        String cut = uri.length() > 90 ? uri.substring(0, 90) + "..." : uri;
        return cut.replaceAll("RAW\\([^)]*\\)?", "RAW(...)");
    }

    /** Everything an error shows: the whole cause chain's toString and stack trace. */
    private static String everythingShown(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

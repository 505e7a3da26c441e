package io.cameliothub.component.secrets;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A misspelled secret option never shows its value: for every option iothub.json marks secret, several misspellings
 * go into endpoint URIs (alone, beside valid credentials, and inside a route), and neither any exception of the chain
 * (messages, toString, stack) nor anything logged meanwhile at DEBUG holds the secret. The error names the misspelled
 * option and the nearest real one. (At TRACE, Camel's AbstractCamelContext prints every endpoint URI unmasked, correctly
 * spelled secrets included; no component can prevent that.)
 */
class MisspelledSecretOptionTest {

    private static final String KEY = "Y2FtZWwtaW90aHViLXNlY3JldC1rZXktMDEyMzQ1Njc=";
    private static final String OTHER_KEY = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMDE=";
    private static final String SIGNATURE = "q7vFx2B9PmT4sZ0LwKdY8eR1nC6hJ3uA5gE2iO7tV9k%3D";
    private static final String TOKEN = "SharedAccessSignature sr=hub.iothub.test%2Fdevices%2Fd1&sig=" + SIGNATURE
                                        + "&se=4102444800";
    private static final String PASSWORD = "pa55-W0rd-never-to-be-seen";

    private static List<String> secretOptions;

    @BeforeAll
    static void readSecretOptions() throws Exception {
        try (InputStream in = MisspelledSecretOptionTest.class.getResourceAsStream(
                "/META-INF/io/cameliothub/component/iothub.json")) {
            JsonNode json = new ObjectMapper().readTree(in);
            secretOptions = new ArrayList<>();
            for (String group : List.of("properties", "componentProperties")) {
                json.path(group).properties().forEach(p -> {
                    if (p.getValue().path("secret").asBoolean() && !secretOptions.contains(p.getKey())) {
                        secretOptions.add(p.getKey());
                    }
                });
            }
        }
        assertThat(secretOptions).as("secret options in iothub.json")
                .contains("connectionString", "sharedAccessKey", "sasToken");
    }

    /** A value for each secret option, and the parts of it that must never be printed. */
    private static Map.Entry<String, List<String>> secretValue(String option) {
        return switch (option) {
            case "connectionString" -> Map.entry("HostName=hub.iothub.test;DeviceId=d1;SharedAccessKey=" + KEY, List.of(KEY));
            case "sharedAccessKey" -> Map.entry(KEY, List.of(KEY));
            case "sasToken" -> Map.entry(TOKEN, List.of(SIGNATURE, SIGNATURE.replace("%3D", "=")));
            default -> Map.entry(PASSWORD, List.of(PASSWORD)); // a password or any later secret option
        };
    }

    /** Dropped, doubled and swapped letters, a wrong case, and a prefix. */
    static List<String> misspellings(String option) {
        return List.of(option.substring(0, 2) + option.substring(3),
                option.substring(0, 3) + option.charAt(3) + option.substring(3),
                option.substring(0, 1) + option.charAt(2) + option.charAt(1) + option.substring(3),
                option.toUpperCase() + "S",
                "iothub." + option);
    }

    static Stream<Arguments> cases() throws Exception {
        readSecretOptions();
        List<Arguments> all = new ArrayList<>();
        for (String option : secretOptions) {
            for (String typo : misspellings(option)) {
                all.add(arguments(option, typo));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cases")
    void aMisspelledSecretOptionNeverShowsItsValue(String option, String typo) throws Exception {
        Map.Entry<String, List<String>> secret = secretValue(option);
        String misspelled = typo + "=RAW(" + secret.getKey() + ")";
        List<String> uris = List.of(
                "iothub:d1?" + misspelled,
                "iothub:d1?hostName=hub.iothub.test&" + misspelled,
                "iothub:d1?hostName=hub.iothub.test&sharedAccessKey=RAW(" + OTHER_KEY + ")&" + misspelled,
                "iothub:d1?" + misspelled + "&protocol=AMQPS");
        List<String> neverShown = new ArrayList<>(secret.getValue());
        neverShown.add(OTHER_KEY);

        StringBuilder printed = new StringBuilder();
        String logged;
        try (LogCapture log = new LogCapture()) {
            CamelContext context = new DefaultCamelContext();
            try {
                context.start();
                for (int i = 0; i < uris.size(); i++) {
                    String uri = uris.get(i);
                    String from = "direct:start-" + i;
                    Throwable direct = catchThrowable(() -> context.getEndpoint(uri));
                    Throwable inRoute = catchThrowable(() -> context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from(from).to(uri);
                        }
                    }));
                    for (Throwable failure : List.of(direct, inRoute)) {
                        assertThat(failure).as(uri).isNotNull();
                        assertThat(chain(failure)).as("the error names the misspelled option")
                                .contains("Unknown option '" + typo + "'");
                        printed.append(chain(failure));
                    }
                }
            } finally {
                context.stop();
            }
            logged = log.text();
        }

        assertThat(logged).as("DEBUG was captured").contains(" DEBUG ");
        for (String s : neverShown) {
            assertThat(printed.toString()).as("exceptions").doesNotContain(s);
            assertThat(logged).as("log").doesNotContain(s);
        }
    }

    /** Everything a log line or a printed stack trace shows of an exception chain. */
    private static String chain(Throwable failure) {
        java.io.StringWriter out = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}

package io.cameliothub.component.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's generated spring-configuration-metadata.json against the component's own JSON: every component option
 * is a property with a description and the same default, secrets have none, and there is nothing extra. When the
 * component gains an option, this test names the property to add to {@link IotHubComponentConfiguration}.
 */
class IotHubStarterMetadataTest {

    private static final String PREFIX = "camel.component.iothub.";
    private static final Set<String> STARTER_SWITCHES = Set.of("enabled", "customizer.enabled");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode componentOptions;
    private static Map<String, JsonNode> properties;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = IotHubStarterMetadataTest.class.getClassLoader()
                .getResourceAsStream("META-INF/io/cameliothub/component/iothub.json")) {
            assertThat(in).as("the component's JSON").isNotNull();
            componentOptions = JSON.readTree(in).path("componentProperties");
        }
        properties = new HashMap<>();
        for (URL url : Collections.list(IotHubStarterMetadataTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : JSON.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith(PREFIX)) {
                        properties.put(name.substring(PREFIX.length()), property);
                    }
                }
            }
        }
        assertThat(properties).as("the starter's generated metadata").isNotEmpty();
    }

    @Test
    void everyComponentOptionIsADocumentedProperty() {
        componentOptions.properties().forEach(option -> {
            String name = kebab(option.getKey());
            assertThat(properties).as("camel.component.iothub.%s (component option %s)", name, option.getKey())
                    .containsKey(name);
            assertThat(properties.get(name).path("description").asText()).as("description of %s", name).isNotBlank();
        });
    }

    @Test
    void defaultsAreTheComponentsDefaults() {
        componentOptions.properties().forEach(option -> {
            JsonNode property = properties.get(kebab(option.getKey()));
            JsonNode expected = option.getValue().path("defaultValue");
            JsonNode actual = property.path("defaultValue");
            if (expected.isMissingNode()) {
                assertThat(actual.isMissingNode()).as("%s has no default", option.getKey()).isTrue();
            } else {
                assertThat(normalize(actual)).as("default of %s", option.getKey()).isEqualTo(normalize(expected));
            }
        });
    }

    @Test
    void secretsHaveNoDefault() {
        componentOptions.properties().forEach(option -> {
            if (option.getValue().path("secret").asBoolean()) {
                assertThat(properties.get(kebab(option.getKey())).has("defaultValue")).as(option.getKey()).isFalse();
            }
        });
    }

    @Test
    void everyPropertyIsAComponentOptionOrAStarterSwitch() {
        Set<String> options = new HashSet<>();
        componentOptions.fieldNames().forEachRemaining(name -> options.add(kebab(name)));
        properties.forEach((name, property) -> {
            assertThat(options.contains(name) || STARTER_SWITCHES.contains(name)).as(name).isTrue();
            assertThat(property.path("description").asText()).as("description of %s", name).isNotBlank();
        });
        assertThat(properties.keySet()).containsAll(STARTER_SWITCHES);
    }

    @Test
    void theStarterGuideListsEveryProperty() throws IOException {
        // the module's directory is the tests' working directory
        String guide = Files.readString(Path.of("..", "docs", "spring-boot.adoc"));
        properties.keySet().forEach(name -> assertThat(guide).as("docs/spring-boot.adoc").contains("`" + PREFIX + name + "`"));
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase();
    }

    // enum defaults are lower-case and hyphenated in Spring's metadata
    private static String normalize(JsonNode value) {
        return value.asText().toLowerCase().replace('_', '-');
    }
}

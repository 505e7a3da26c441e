package io.cameliothub.component.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component page's option and header tables are rendered from iothub.json, the metadata the build generates from
 * the code, and kept between the page's START/END markers. When an option or header changes, this test fails and
 * says how to regenerate the tables: run it with {@code -Diothub.docs.update=true} and commit the page.
 */
class ComponentDocsTest {

    private static final Path PAGE = Path.of("..", "docs", "iothub-component.adoc"); // tests run in the module dir
    private static final String UPDATE = "iothub.docs.update";

    @Test
    void thePageListsEveryOptionAndHeaderOfIothubJson() throws IOException {
        JsonNode json = componentJson();
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        String updated = replaceBetween(page, "// component options: START", "// component options: END",
                ComponentDocs.options(json));
        updated = replaceBetween(updated, "// component headers: START", "// component headers: END",
                ComponentDocs.headers(json));

        if (!updated.equals(page) && Boolean.getBoolean(UPDATE)) {
            Files.writeString(PAGE, updated, StandardCharsets.UTF_8);
            page = updated;
        }
        assertThat(page).as("docs/iothub-component.adoc is out of date with iothub.json: run ComponentDocsTest with "
                            + "-D" + UPDATE + "=true and commit the page").isEqualTo(updated);
        String checked = page;
        for (String group : List.of("componentProperties", "properties", "headers")) {
            json.path(group).properties().forEach(e -> assertThat(checked).as("%s %s", group, e.getKey())
                    .contains(group.equals("headers") ? "*" + e.getKey() + "*" : "*" + e.getKey() + "* ("));
        }
    }

    /** Every include of the docs resolves to a file in the repository; the page itself includes no partials. */
    @Test
    void theDocsIncludeNoMissingPartials() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> pages = Files.walk(Path.of("..", "docs"))) {
            for (Path p : pages.filter(f -> f.toString().endsWith(".adoc")).toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (line.startsWith("include::")) {
                        String target = line.substring("include::".length(), line.indexOf('['));
                        if (target.contains("$") || !Files.exists(p.getParent().resolve(target))) {
                            missing.add(p.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static JsonNode componentJson() throws IOException {
        try (InputStream in = ComponentDocsTest.class.getResourceAsStream(
                "/META-INF/io/cameliothub/component/iothub.json")) {
            assertThat(in).as("iothub.json on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static String replaceBetween(String page, String start, String end, String content) {
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        assertThat(from).as("marker " + start).isNotNegative();
        assertThat(to).as("marker " + end).isGreaterThan(from);
        return page.substring(0, from + start.length()) + "\n" + content + page.substring(to);
    }
}

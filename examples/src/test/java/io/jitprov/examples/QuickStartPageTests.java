package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start is examples/quick-start, word for word: the project CI builds and tests
 * against this clone (.ci/check-quick-start) is the one a reader copies, so the page cannot drift.
 */
class QuickStartPageTests {

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static List<String> blocks(String language) throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        String quickStart = readme.substring(readme.indexOf("## Five-minute quick start"), readme.indexOf("## Guides"));
        return Pattern.compile("```" + language + "\n(.*?)\n```", Pattern.DOTALL).matcher(quickStart).results()
                .map(m -> m.group(1)).toList();
    }

    private static String file(String path) throws IOException {
        return Files.readString(root().resolve("examples/quick-start").resolve(path)).stripTrailing();
    }

    @Test
    void theQuickStartShowsTheProjectsFilesAsTheyAre() throws IOException {
        assertThat(blocks("yaml")).containsExactly(file("src/main/resources/application.yml"));
        assertThat(blocks("java")).containsExactly(file("src/main/java/com/example/app/Application.java"),
                file("src/test/java/com/example/app/SignInTests.java"));
        assertThat(blocks("xml")).singleElement().satisfies(dependencies ->
                assertThat(file("pom.xml")).contains(dependencies));
    }
}

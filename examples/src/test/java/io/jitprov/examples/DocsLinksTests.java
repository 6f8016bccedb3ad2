package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every link between the README and the guides in docs/ leads somewhere: a file, and a heading when one is named. */
class DocsLinksTests {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+\\.md|[^)#\\s]*/)?(#[^)\\s]+)?\\)");

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void everyLinkBetweenThePagesLeadsToAFileAndHeadingThatExist() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root().resolve("README.md"), root().resolve("SECURITY.md")));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String file = link.group(1);
                String anchor = link.group(2);
                if (file == null && anchor == null) {
                    continue;
                }
                Path target = file == null ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(page.getFileName() + " -> " + file);
                } else if (anchor != null && !Files.isDirectory(target) && !anchors(target).contains(anchor.substring(1))) {
                    broken.add(page.getFileName() + " -> " + (file == null ? "" : file) + anchor);
                }
            }
        }
        assertThat(broken).as("links to no file or heading").isEmpty();
    }

    /** GitHub's anchors: a heading lower-cased, punctuation dropped, spaces as dashes. */
    private static List<String> anchors(Path page) throws IOException {
        return Files.readAllLines(page).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'))
                .toList();
    }
}

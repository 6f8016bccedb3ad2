package io.jitprov.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The starter's row of docs/architecture.md, checked here: the examples' ArchitectureTests carry no Spring. */
class StarterArchitectureTests {

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.jitprov.spring");

    @Test
    void thePublicTypesAreExactlyThoseThePageLists() throws Exception {
        Path page = Path.of("").toAbsolutePath();
        while (!Files.exists(page.resolve("docs/architecture.md"))) {
            page = page.getParent();
        }
        Matcher row = Pattern.compile("^\\| `io\\.jitprov\\.spring` \\| (.+) \\|$", Pattern.MULTILINE)
                .matcher(Files.readString(page.resolve("docs/architecture.md")));
        assertThat(row.find()).as("docs/architecture.md lists io.jitprov.spring's public types").isTrue();
        Set<String> listed = Arrays.stream(row.group(1).split(",")).map(t -> t.strip().replace("`", ""))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> actual = STARTER.stream().filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(JavaClass::isTopLevelClass).map(JavaClass::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(actual).isEqualTo(listed);
    }

    @Test
    void theStarterUsesJitsPublicApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jitprov..internal..").check(STARTER);
    }
}

package io.jitprov.examples;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/architecture.md, enforced: the modules and packages use only what the page allows, no
 * packages form a cycle, and the public types are exactly those the page lists. This module sees
 * every library module, so the check lives here.
 */
class ArchitectureTests {

    private static final String CORE = "io.jitprov.core";
    private static final List<String> CORE_PACKAGES = List.of(CORE, CORE + ".audit", CORE + ".tenant",
            CORE + ".attributes", CORE + ".delegation", CORE + ".elevation", CORE + ".provisioning", CORE + ".review",
            CORE + ".registry", CORE + ".memory", CORE + ".wiring", CORE + ".internal");

    /** The "may use" column of the page's jit-core table. */
    private static final Map<String, Set<String>> CORE_USES = Map.ofEntries(
            Map.entry(CORE, Set.of("internal")),
            Map.entry(CORE + ".audit", Set.of("", "internal")),
            Map.entry(CORE + ".tenant", Set.of("", "internal")),
            Map.entry(CORE + ".attributes", Set.of("", "internal")),
            Map.entry(CORE + ".delegation", Set.of("", "audit", "internal")),
            Map.entry(CORE + ".elevation", Set.of("", "audit", "tenant", "delegation", "internal")),
            Map.entry(CORE + ".provisioning", Set.of("", "audit", "tenant", "attributes", "elevation", "internal")),
            Map.entry(CORE + ".review", Set.of("", "elevation", "internal")),
            Map.entry(CORE + ".registry", Set.of("", "internal")),
            Map.entry(CORE + ".memory", Set.of("", "tenant", "elevation", "delegation", "registry", "internal")),
            Map.entry(CORE + ".wiring", Set.of("", "audit", "tenant", "attributes", "delegation", "elevation",
                    "provisioning", "review", "registry", "memory", "internal")),
            Map.entry(CORE + ".internal", Set.of()));

    /** The library's main classes: no tests (test jars included), no applications. */
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jitprov.core", "io.jitprov.jdbc", "io.jitprov.saml", "io.jitprov.oidc",
                    "io.jitprov.servlet", "io.jitprov.config", "io.jitprov.testidp", "io.jitprov.micrometer");

    @Test
    void theLibraryWasFoundOnTheClasspath() {
        assertThat(LIBRARY.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
                .containsAll(CORE_PACKAGES).contains("io.jitprov.jdbc", "io.jitprov.saml", "io.jitprov.saml.internal",
                        "io.jitprov.oidc", "io.jitprov.servlet", "io.jitprov.servlet.internal", "io.jitprov.config",
                        "io.jitprov.testidp", "io.jitprov.micrometer");
    }

    @Test
    void modulesUseOnlyTheModulesThePageAllows() {
        noClasses().that().resideInAPackage(CORE + "..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.jdbc..", "io.jitprov.saml..", "io.jitprov.oidc..", "io.jitprov.servlet..",
                        "io.jitprov.config..").check(LIBRARY);
        noClasses().that().resideInAPackage("io.jitprov.jdbc..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.saml..", "io.jitprov.oidc..", "io.jitprov.servlet..", "io.jitprov.config..")
                .check(LIBRARY);
        noClasses().that().resideInAPackage("io.jitprov.saml..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.jdbc..", "io.jitprov.oidc..", "io.jitprov.servlet..", "io.jitprov.config..")
                .check(LIBRARY);
        noClasses().that().resideInAPackage("io.jitprov.oidc..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.jdbc..", "io.jitprov.saml..", "io.jitprov.servlet..", "io.jitprov.config..")
                .check(LIBRARY);
        noClasses().that().resideInAPackage("io.jitprov.servlet..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.jdbc..", "io.jitprov.config..").check(LIBRARY);
        noClasses().that().resideInAPackage("io.jitprov.testidp..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jitprov.jdbc..", "io.jitprov.servlet..", "io.jitprov.config..",
                        "io.jitprov.saml.internal..")
                .check(LIBRARY);
        noClasses().that().resideOutsideOfPackage("io.jitprov.testidp..").should().dependOnClassesThat()
                .resideInAPackage("io.jitprov.testidp..").as("only applications use the test IdP").check(LIBRARY);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .as("only the starter uses Spring").check(LIBRARY);
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jitprov.examples..", "io.jitprov.benchmarks..",
                "io.jitprov.interop..").check(LIBRARY);
    }

    @Test
    void corePackagesUseOnlyThePackagesThePageAllows() {
        CORE_USES.forEach((pkg, allowed) -> {
            String[] forbidden = CORE_PACKAGES.stream().filter(other -> !other.equals(pkg))
                    .filter(other -> !allowed.contains(other.equals(CORE) ? "" : other.substring(CORE.length() + 1)))
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(pkg).should().dependOnClassesThat(resideInAnyPackage(forbidden))
                    .as("classes of " + pkg + " use only " + allowed).check(LIBRARY);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.jitprov.saml", "io.jitprov.servlet"})
    void aModulesInternalsServeOnlyItsRootPackage(String root) {
        noClasses().that().resideOutsideOfPackages(root + "..").should().dependOnClassesThat()
                .resideInAPackage(root + ".internal").check(LIBRARY);
        noClasses().that().resideInAPackage(root + ".internal").should().dependOnClassesThat()
                .resideInAPackage(root).check(LIBRARY);
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching("io.jitprov.(**)").should().beFreeOfCycles().check(LIBRARY);
    }

    @Test
    void thePublicTypesAreExactlyThoseThePageLists() throws IOException {
        Map<String, Set<String>> listed = listedPublicTypes();
        Map<String, Set<String>> actual = new TreeMap<>();
        LIBRARY.stream().filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC)).filter(JavaClass::isTopLevelClass)
                .forEach(c -> actual.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(c.getSimpleName()));

        // The starter brings Spring, which this module does not carry: its own tests check its row.
        listed.remove("io.jitprov.spring");
        assertThat(actual).as("public types per package, as docs/architecture.md lists them").isEqualTo(listed);
    }

    /** The "public types" table of docs/architecture.md. */
    private static Map<String, Set<String>> listedPublicTypes() throws IOException {
        Path page = Path.of("").toAbsolutePath();
        while (!Files.exists(page.resolve("docs/architecture.md"))) {
            page = page.getParent();
        }
        String text = Files.readString(page.resolve("docs/architecture.md"));
        String table = text.substring(text.indexOf("### The public types"), text.indexOf("## One login"));
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `(io\\.jitprov[\\w.]*)` \\| (.+) \\|$", Pattern.MULTILINE).matcher(table);
        while (row.find()) {
            listed.put(row.group(1), Arrays.stream(row.group(2).split(",")).map(t -> t.strip().replace("`", ""))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return new TreeMap<>(listed);
    }
}

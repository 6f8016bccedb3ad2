package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.core.wiring.RefreshListener;
import io.jitprov.servlet.JitLogin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a jit configuration file (YAML, or JSON when the name ends in {@code .json}) into a
 * {@link JitLogin} builder, validating all of it first: every problem is reported with its place
 * in the file ({@code tenants[1].domains[0]: ...}) in one {@link JitConfigurationException}, and
 * nothing half-configured starts. Secrets come from environment variables or files
 * ({@code {env: NAME}}, {@code {file: path}}), never from the file itself; relative paths are read
 * from the configuration file's directory.
 *
 * <p>The settings, and what each means, are in docs/configuration.md.
 *
 * @since 0.1
 */
public final class JitConfigFile {

    private JitConfigFile() {
    }

    /**
     * @throws JitConfigurationException listing every problem
     */
    public static JitLogin.Builder load(Path file) {
        return load(file, System::getenv);
    }

    static JitLogin.Builder load(Path file, Function<String, @Nullable String> environment) {
        return load(file, environment, (login, registry) -> { });
    }

    /**
     * Like {@link #load(Path)}, then, when the file has a {@code registry} section, hands the
     * configuration and the registry to {@code withRegistry} for what else needs the registry, such
     * as the setup pages:
     *
     * <pre>
     * JitConfigFile.load(file, (login, registry) -&gt; login.mount(SetupLink.PATH,
     *         JitSetup.builder(registry).productName("Acme Cloud").build()))
     * </pre>
     *
     * @throws JitConfigurationException listing every problem
     */
    public static JitLogin.Builder load(Path file, BiConsumer<JitLogin.Builder, JitRegistry> withRegistry) {
        return load(file, System::getenv, withRegistry);
    }

    static JitLogin.Builder load(Path file, Function<String, @Nullable String> environment,
            BiConsumer<JitLogin.Builder, JitRegistry> withRegistry) {
        return JitConfiguration.fromFile(file).environment(environment).withRegistry(withRegistry).load();
    }

    /**
     * The file's {@code baseUrl}, for a launcher that must listen where the file says; {@link #load}
     * checks everything else.
     *
     * @throws JitConfigurationException when the file cannot be read or names no {@code baseUrl}
     */
    public static String baseUrl(Path file) {
        List<String> problems = new ArrayList<>();
        JsonNode tree = tree(read(file), json(file), problems);
        String baseUrl = new ConfigNode(tree, "", problems, file.toAbsolutePath().getParent()).get("baseUrl")
                .requiredText();
        if (!problems.isEmpty()) {
            throw new JitConfigurationException(problems);
        }
        return baseUrl;
    }

    /**
     * The registry of the file's {@code store}, as a configuration file of its tenants and
     * connections ({@link JitRegistry#export}): for backups and review.
     *
     * @throws JitConfigurationException when the file has no {@code registry} section, or its
     *     {@code store}, {@code schema} or {@code registry} has problems
     */
    public static String exportRegistry(Path file) {
        return exportRegistry(file, System::getenv);
    }

    static String exportRegistry(Path file, Function<String, @Nullable String> environment) {
        List<String> problems = new ArrayList<>();
        ConfigNode root = root(file, problems);
        if (!root.get("registry").present()) {
            throw new JitConfigurationException(List.of("registry: the file has no registry section to export"));
        }
        ConfigStore store = ConfigStore.read(root.get("store"), environment);
        try {
            Optional<JitRegistry> registry = problems.isEmpty() ? ConfigRegistry.read(root.get("registry"), store,
                    ConfigAssembly.readSchema(root.get("schema")), environment, RefreshListener.NONE)
                    : Optional.empty();
            if (!problems.isEmpty() || registry.isEmpty()) {
                throw new JitConfigurationException(problems);
            }
            try (JitRegistry opened = registry.get()) {
                return opened.export();
            }
        } finally {
            store.closeOwnPool();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new JitConfigurationException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
    }

    private static boolean json(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** The file's settings, relative file names read from its directory; a file that is not a mapping is refused. */
    static ConfigNode root(Path file, List<String> problems) {
        JsonNode tree = tree(read(file), json(file), problems);
        ConfigNode root = new ConfigNode(tree, "", problems, file.toAbsolutePath().getParent());
        if (!root.present() || !tree.isObject()) {
            throw new JitConfigurationException(List.of("The file must hold a mapping of settings"));
        }
        return root;
    }

    /** The file's tree; its YAML or JSON problems, if any, thrown at once. */
    private static @Nullable JsonNode tree(String content, boolean json, List<String> problems) {
        JsonNode tree;
        try {
            tree = ConfigTree.read(content, json, problems);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new JitConfigurationException(List.of("The file is not valid " + (json ? "JSON" : "YAML") + where
                    + ": " + e.getOriginalMessage()));
        } catch (ConfigTree.TooLarge e) {
            throw new JitConfigurationException(List.of(e.getMessage()));
        } catch (IOException e) {
            throw new JitConfigurationException(List.of("The file cannot be read: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new JitConfigurationException(problems);
        }
        return tree;
    }
}

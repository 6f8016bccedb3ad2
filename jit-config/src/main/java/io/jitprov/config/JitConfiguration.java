package io.jitprov.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * jit configured from settings named as in the configuration file, but flat, as Spring Boot's
 * {@code jit.*} properties are: {@code baseUrl}, {@code identityProviders[0].saml.metadataUrl}
 * (or {@code identity-providers[0].saml.metadata-url}), {@code tenants[0].domains[0]}. The same
 * model and the same validator as {@link JitConfigFile}, so every setting and every problem reads
 * the same; only the application's own {@link DataSource} may stand in for the {@code store}.
 *
 * <pre>
 * JitLogin login = JitConfiguration.fromSettings(Map.of(
 *                 "baseUrl", "https://app.example",
 *                 "identityProviders[0].id", "okta",
 *                 "identityProviders[0].saml.metadataUrl", "https://acme.okta.com/app/exk1/sso/saml/metadata",
 *                 "identityProviders[0].saml.entityId", "http://www.okta.com/exk1",
 *                 "tenants[0].id", "acme", "tenants[0].domains[0]", "acme.com",
 *                 "tenants[0].identityProviders[0]", "okta"))
 *         .dataSource(dataSource)
 *         .load().build();
 * </pre>
 *
 * @since 0.1
 */
public final class JitConfiguration {

    private JitConfiguration() {
    }

    /** Starts from the flat settings; values are read as text ({@code "true"}, {@code "5"} included). */
    public static Builder fromSettings(Map<String, ?> settings) {
        return fromSources(List.of(Objects.requireNonNull(settings, "settings cannot be null")));
    }

    /**
     * Starts from settings in several sources, the first overriding the later ones, as Spring Boot's
     * property sources do: a single value from an earlier source wins, and a list an earlier source
     * sets is taken whole from it. Within one source, a setting spelled twice is a problem.
     */
    public static Builder fromSources(List<? extends Map<String, ?>> sources) {
        List<Map<String, ?>> copies = new ArrayList<>();
        for (Map<String, ?> source : Objects.requireNonNull(sources, "sources cannot be null")) {
            copies.add(Collections.unmodifiableMap(new LinkedHashMap<>(source)));
        }
        return new Builder(List.copyOf(copies), null);
    }

    /**
     * Starts from a configuration file (YAML, or JSON when its name ends in {@code .json}), as
     * {@link JitConfigFile#load(Path)} reads it; relative file names are read from its directory.
     * For what only code can give: an {@link Builder#observer observer}, the application's database.
     */
    public static Builder fromFile(Path file) {
        return new Builder(List.of(), Objects.requireNonNull(file, "file cannot be null"));
    }

    /** What the settings alone do not say: the application's database, secrets, where relative files are. */
    public static final class Builder {

        private final List<Map<String, ?>> settings;
        private final @Nullable Path file;
        private @Nullable DataSource dataSource;
        private Function<String, @Nullable String> environment = System::getenv;
        private Path baseDirectory = Path.of("").toAbsolutePath();
        private BiConsumer<JitLogin.Builder, JitRegistry> withRegistry = (login, registry) -> { };
        private JitObserver observer = JitObserver.NONE;

        private Builder(List<Map<String, ?>> settings, @Nullable Path file) {
            this.settings = settings;
            this.file = file;
        }

        /**
         * Keeps accounts, the audit trail and the registry in the application's database; the
         * {@code store} setting then only names {@code tablePrefix} and {@code createSchema} (by
         * default, the schema is created on H2 only). jit never closes this pool.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
            return this;
        }

        /** Where {@code {env: NAME}} secrets are read; the process's environment by default. */
        public Builder environment(Function<String, @Nullable String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment cannot be null");
            return this;
        }

        /** What relative file names ({@code metadataFile}, {@code {file: ...}}) are relative to; the working directory by default. */
        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory cannot be null").toAbsolutePath();
            return this;
        }

        /** Given the configuration and the registry when the settings have a {@code registry} section, as {@link JitConfigFile#load(Path, BiConsumer)}. */
        public Builder withRegistry(BiConsumer<JitLogin.Builder, JitRegistry> withRegistry) {
            this.withRegistry = Objects.requireNonNull(withRegistry, "withRegistry cannot be null");
            return this;
        }

        /**
         * Told of every sign-in, SCIM request and read of an IdP's metadata, discovery document or
         * keys: jit-micrometer's {@code JitMeters}. Given here rather than to the login afterwards,
         * as the IdPs' metadata is read while the settings are.
         */
        public Builder observer(JitObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer cannot be null");
            return this;
        }

        /**
         * Validates every setting and assembles jit.
         *
         * @throws JitConfigurationException listing every problem, each by its setting's name
         */
        public JitLogin.Builder load() {
            List<String> problems = new ArrayList<>();
            ConfigNode root = file != null ? JitConfigFile.root(file, problems) : flat(problems);
            JitLogin.Builder login = new ConfigAssembly(root, environment, withRegistry, dataSource, observer)
                    .assemble();
            if (!problems.isEmpty()) {
                throw new JitConfigurationException(problems);
            }
            return login;
        }

        private ConfigNode flat(List<String> problems) {
            ObjectNode tree = FlatSettings.tree(settings, problems);
            if (!problems.isEmpty()) {
                throw new JitConfigurationException(problems);
            }
            if (tree.isEmpty()) {
                throw new JitConfigurationException(List.of("No jit settings: at least baseUrl is needed"));
            }
            return new ConfigNode(tree, "", problems, baseDirectory);
        }
    }
}

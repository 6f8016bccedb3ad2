package io.jitprov.spring;

import io.jitprov.config.JitRegistry;
import io.jitprov.servlet.JitLogin;
import org.jspecify.annotations.Nullable;

/**
 * Changes the {@link JitLogin} the {@code jit.*} properties configure before it is built: mounts the
 * setup pages, adds an approval handler, replaces a store. Declare one or more as beans; they run
 * in their {@code @Order}.
 *
 * <pre>
 * &#64;Bean
 * JitLoginCustomizer setupPages() {
 *     return (login, registry) -&gt; login.mount(SetupLink.PATH,
 *             JitSetup.builder(registry).productName("Acme Cloud").build());
 * }
 * </pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface JitLoginCustomizer {

    /**
     * @param login the configuration the properties made, not yet built
     * @param registry the registry of tenants and connections the {@code jit.registry} settings
     *     open; {@code null} without them
     */
    void customize(JitLogin.Builder login, @Nullable JitRegistry registry);
}

package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.config.JitConfigurationException;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** What the starter puts in an application context, and what the application can change. */
class JitAutoConfigurationTests {

    private static final String[] ONE_TENANT = {
        "jit.base-url=https://app.example",
        "jit.identity-providers[0].id=okta",
        "jit.identity-providers[0].saml.metadata-url=https://acme.okta.com/app/exk1/sso/saml/metadata",
        "jit.identity-providers[0].saml.entity-id=http://www.okta.com/exk1",
        "jit.tenants[0].id=acme",
        "jit.tenants[0].domains[0]=acme.com",
        "jit.tenants[0].identity-providers[0]=okta"};

    /** Boot's own, by name: Boot 3.5 and Boot 4 keep them in different packages, and both are tested. */
    private static final Class<?>[] SECURITY = boots("autoconfigure.security.servlet.SecurityAutoConfiguration",
            "autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
            "security.autoconfigure.SecurityAutoConfiguration", "security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");
    private static final Class<?>[] DATA_SOURCE = boots("autoconfigure.jdbc.DataSourceAutoConfiguration",
            "jdbc.autoconfigure.DataSourceAutoConfiguration");

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JitAutoConfiguration.class, JitSecurityAutoConfiguration.class))
            .withConfiguration(AutoConfigurations.of(SECURITY));

    /** The classes of {@code org.springframework.boot.<name>} this Boot has. */
    private static Class<?>[] boots(String... names) {
        List<Class<?>> found = new ArrayList<>();
        for (String name : names) {
            try {
                found.add(Class.forName("org.springframework.boot." + name));
            } catch (ClassNotFoundException e) {
                // the other Boot's
            }
        }
        return found.toArray(Class<?>[]::new);
    }

    @Test
    void withoutJitSettingsNothingIsConfigured() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JitLogin.class)
                .doesNotHaveBean(JitFilter.class));
    }

    @Test
    void withSettingsJitAndADefaultSecurityChainAreThere() {
        runner.withPropertyValues(ONE_TENANT).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JitLogin.class).hasSingleBean(JitFilter.class)
                    .hasBean("jitSecurityFilterChain");
            assertThat(context.getBean(UserDetailsService.class)).as("no generated password user")
                    .isInstanceOf(InMemoryUserDetailsManager.class);
            assertThat(((InMemoryUserDetailsManager) context.getBean(UserDetailsService.class)).userExists("user")).isFalse();
            assertThat(context.getBeansOfType(FilterRegistrationBean.class).values()).as("jit sits in Spring's chain only")
                    .noneMatch(registration -> registration.isEnabled() && "jit".equals(registration.getFilterName()));
        });
    }

    @Test
    void withSettingsThatAreWrongTheApplicationDoesNotStartAndSaysWhich() {
        runner.withPropertyValues(ONE_TENANT).withPropertyValues("jit.tenants[0].seat-limit=many",
                "jit.tenants[0].colour=blue").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(JitConfigurationException.class)
                            .hasMessageContaining("tenants[0].seatLimit: must be a whole number")
                            .hasMessageContaining("tenants[0].colour: is not a known setting");
                });
    }

    @Test
    void withBootsDataSourceJitKeepsItsTablesThere() {
        runner.withConfiguration(AutoConfigurations.of(DATA_SOURCE)).withPropertyValues(ONE_TENANT)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JitLogin.class);
                    try (Connection connection = context.getBean(DataSource.class).getConnection();
                            ResultSet tables = connection.getMetaData().getTables(null, null, "JIT_ACCOUNT", null)) {
                        assertThat(tables.next()).as("jit's schema in the application's database").isTrue();
                    }
                });
    }

    @Test
    void anApplicationsOwnBeansAndCustomizersWin() {
        List<String> customized = new ArrayList<>();
        runner.withPropertyValues(ONE_TENANT)
                .withBean(JitLoginCustomizer.class, () -> (login, registry) -> customized.add("registry=" + registry))
                .run(context -> assertThat(customized).containsExactly("registry=null"));
        runner.withPropertyValues(ONE_TENANT).withBean("myChain", SecurityFilterChain.class,
                () -> new org.springframework.security.web.DefaultSecurityFilterChain(request -> false))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("jitSecurityFilterChain"));
    }

    @Test
    void withoutSpringSecurityTheFilterStandsInFrontOfTheApplication() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(JitAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class)).withPropertyValues(ONE_TENANT)
                .run(context -> assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                        .anyMatch(registration -> registration.isEnabled() && "jit".equals(registration.getFilterName())
                                && registration.getUrlPatterns().contains("/*")));
    }
}

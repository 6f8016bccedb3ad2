package io.jitprov.spring;

import io.jitprov.config.JitConfiguration;
import io.jitprov.config.JitConfigurationException;
import io.jitprov.config.JitRegistry;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import jakarta.servlet.Filter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * jit in a Spring Boot application: the {@link JitLogin} the {@code jit.*} properties configure
 * (the configuration file's model, validated the same way), on the application's {@code DataSource}
 * when it has one, and its {@link JitFilter}. With Spring Security on the class path the filter
 * joins the security filter chain ({@link JitSecurityConfigurer}); without it, it is registered in
 * front of the application. Every {@link JitObserver} bean is told of sign-ins, SCIM requests and
 * IdP document reads. Every bean here gives way to one the application declares.
 *
 * @since 0.1
 */
// By name: Boot 3.5 and Boot 4 keep DataSourceAutoConfiguration in different packages.
@AutoConfiguration(afterName = {"org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(JitAutoConfiguration.OnJitSettings.class)
public class JitAutoConfiguration {

    /**
     * @throws io.jitprov.config.JitConfigurationException listing every problem of the
     *     {@code jit.*} properties: the application does not start half-configured
     */
    @Bean
    @ConditionalOnMissingBean
    JitLogin jitLogin(ConfigurableEnvironment environment, ObjectProvider<DataSource> dataSource,
            ObjectProvider<JitObserver> observers, ObjectProvider<JitLoginCustomizer> customizers) {
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        if (!contextPath.isEmpty() && !contextPath.equals("/")) {
            // jit announces its endpoints at {baseUrl}{basePath}, and baseUrl is an origin: an IdP
            // would post to an address outside the application.
            throw new JitConfigurationException(List.of("server.servlet.context-path: jit's endpoints cannot live"
                    + " under a context path yet, and it is [" + contextPath + "]"));
        }
        List<Map<String, Object>> settings = SpringSettings.of(environment);
        JitConfiguration.Builder configuration = JitConfiguration.fromSources(settings)
                .environment(environment::getProperty).observer(EveryObserver.of(observers.orderedStream().toList()));
        DataSource unique = dataSource.getIfUnique();
        if (unique != null) {
            configuration.dataSource(unique);
        } else if (dataSource.stream().findAny().isPresent() && settings.stream()
                .noneMatch(source -> source.keySet().stream().anyMatch(name -> name.startsWith("store.")))) {
            // Not in memory in silence while the application has databases: accounts lost at every
            // restart, and a replay cache of this node's own.
            throw new JitConfigurationException(List.of("store: the application has several DataSources and none is"
                    + " @Primary: mark the one for jit's tables @Primary, or give jit its own (store.jdbcUrl)"));
        }
        AtomicReference<JitRegistry> registry = new AtomicReference<>();
        configuration.withRegistry((login, opened) -> registry.set(opened));
        JitLogin.Builder login = configuration.load();
        customizers.orderedStream().forEach(customizer -> customizer.customize(login, registry.get()));
        return login.build();
    }

    @Bean
    @ConditionalOnMissingBean
    JitFilter jitFilter(JitLogin login) {
        return new JitFilter(login);
    }

    /** Starts the filter's sweeps with the application, and stops them (and closes jit's pools) with it. */
    @Bean
    SmartLifecycle jitFilterLifecycle(JitFilter filter) {
        return new FilterLifecycle(filter);
    }

    /**
     * Without Spring Security, the filter stands in front of the application; a filter that only
     * delegates is registered, so that the container does not start and stop jit a second time.
     */
    @Bean
    @ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
    FilterRegistrationBean<Filter> jitFilterRegistration(JitFilter filter) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter::doFilter);
        registration.setName("jit");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }

    /** The filter registered by Boot only where the line above says: never twice. */
    @Bean
    FilterRegistrationBean<JitFilter> jitFilterNotOnItsOwn(JitFilter filter) {
        FilterRegistrationBean<JitFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    /**
     * Any {@code jit.*} setting (or {@code jit.base-url} however spelt): then the settings must be
     * whole, or the application does not start. Settings that are there but not read (their base
     * URL in a profile that is not active, say) would leave {@code jit.protected-paths} open.
     */
    static final class OnJitSettings extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("jit settings");
            if (context.getEnvironment().containsProperty("jit.base-url")) {
                return ConditionOutcome.match(message.found("property").items("jit.base-url"));
            }
            if (context.getEnvironment() instanceof ConfigurableEnvironment environment
                    && SpringSettings.present(environment)) {
                return ConditionOutcome.match(message.found("properties").items("jit.*"));
            }
            return ConditionOutcome.noMatch(message.didNotFind("property").items("jit.*"));
        }
    }

    private static final class FilterLifecycle implements SmartLifecycle {

        private final JitFilter filter;
        private volatile boolean running;

        FilterLifecycle(JitFilter filter) {
            this.filter = filter;
        }

        @Override
        public void start() {
            filter.init(null);
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            filter.destroy();
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}

package io.jitprov.spring;

import io.jitprov.servlet.JitLogin;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * jit's health in Actuator's {@code /actuator/health}, as the {@code jit} component: DOWN when
 * jit's tables or registry cannot be read; UP otherwise, naming the IdP documents that could not be
 * read again and the certificates that expire within 30 days. Works on Boot 3.5 and Boot 4;
 * {@code management.health.jit.enabled=false} turns it off.
 *
 * @since 0.1
 */
@AutoConfiguration(after = JitAutoConfiguration.class)
@ConditionalOnBean(JitLogin.class)
@Conditional(JitHealthAutoConfiguration.OnActuatorHealth.class)
public class JitHealthAutoConfiguration {

    @Bean
    JitHealth jitHealthState() {
        return new JitHealth();
    }

    @Bean
    JitLoginCustomizer jitHealthRegistry(JitHealth health) {
        return (login, registry) -> health.registry(registry);
    }

    /** Named {@code jitHealthIndicator}, so that Actuator shows it as {@code jit}. */
    @Bean
    ActuatorHealthIndicator jitHealthIndicator(JitHealth health, ApplicationContext context) {
        ClassLoader loader = context.getClassLoader();
        return ActuatorHealthIndicator.of(loader != null ? loader : getClass().getClassLoader(), health);
    }

    /** Actuator's health API is there, and {@code management.health.jit.enabled} (or the defaults) is not false. */
    static final class OnActuatorHealth extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            ConditionMessage.Builder message = ConditionMessage.forCondition("Actuator health");
            if (ActuatorHealthIndicator.packageIn(context.getClassLoader()).isEmpty()) {
                return ConditionOutcome.noMatch(message.didNotFind("class").items("HealthIndicator"));
            }
            String enabled = context.getEnvironment().getProperty("management.health.jit.enabled",
                    context.getEnvironment().getProperty("management.health.defaults.enabled", "true"));
            return "false".equalsIgnoreCase(enabled.trim()) ? ConditionOutcome.noMatch(message.because("turned off"))
                    : ConditionOutcome.match(message.foundExactly("HealthIndicator"));
        }
    }
}

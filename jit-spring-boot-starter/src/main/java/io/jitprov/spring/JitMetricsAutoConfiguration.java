package io.jitprov.spring;

import io.jitprov.micrometer.JitMeters;
import io.jitprov.servlet.JitObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * jit's sign-ins, SCIM requests, IdP document reads and active grants as Micrometer meters
 * ({@link JitMeters}) in the application's {@link MeterRegistry}, which Actuator exposes
 * ({@code /actuator/metrics/jit.sign.ins}). The registry is looked up when jit is built, so the
 * order of auto-configurations does not matter; without one, nothing is counted. Declare a
 * {@code JitMeters} bean of your own to tag tenants:
 * {@code JitMeters.builder(registry).tenantTags(100).build()}.
 *
 * @since 0.1
 */
@AutoConfiguration(before = JitAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, JitMeters.class})
public class JitMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JitMeters.class)
    JitObserver jitMeters(ObjectProvider<MeterRegistry> registries) {
        MeterRegistry found = registries.getIfUnique();
        return found == null ? JitObserver.NONE : JitMeters.builder(found).build();
    }
}

package io.jitprov.micrometer;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.JitObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * jit's sign-ins, SCIM requests, IdP document reads and active grants as Micrometer meters; hand
 * it to {@code JitConfiguration.fromSettings(...).observer(...)} or
 * {@code JitLogin.builder().observer(...)} (the Spring Boot starter does when the application has a
 * {@link MeterRegistry}).
 *
 * <ul>
 *   <li>{@code jit.sign.ins} (counter): tags {@code protocol} ({@code saml}, {@code oidc}),
 *       {@code outcome} ({@code created}, {@code linked}, {@code updated}, {@code unchanged},
 *       {@code refused}, {@code unavailable}), {@code code} (the refusal code, {@code none} when
 *       accepted) and, only when asked, {@code tenant}</li>
 *   <li>{@code jit.sign.in.verification} (timer): how long verifying the IdP's answer took; tags
 *       {@code protocol} and {@code result} ({@code accepted}, {@code refused}, {@code unavailable})</li>
 *   <li>{@code jit.scim.requests} (counter): tags {@code method} and {@code status}</li>
 *   <li>{@code jit.idp.refreshes} (counter): reads of what IdPs publish; tags {@code document}
 *       ({@code saml_metadata}, {@code oidc_discovery}, {@code jwks}) and {@code result}
 *       ({@code success}, {@code failure}). A failure keeps the last good copy, so sign-ins go on:
 *       alert on failures before the IdP's keys change</li>
 *   <li>{@code jit.grants.active} (gauge): elevation grants giving their role now, across tenants,
 *       counted in the grant store at each read (one indexed count); once jit is built on
 *       {@code JitStores}</li>
 * </ul>
 *
 * <p>Tags have bounded values: codes are jit's own (a custom check's code counts as
 * {@code other} unless it is snake_case and short), HTTP methods are the standard ones, and tenants
 * are tagged only with {@link Builder#tenantTags(int)}, up to that many distinct tenants (later
 * ones share {@code other}), so one busy deployment cannot grow the registry without end.
 *
 * @since 0.1
 */
public final class JitMeters implements JitObserver {

    static final String OTHER = "other";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final MeterRegistry registry;
    private final int maxTenants;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();
    /** The stores the active grants are counted in: the last jit built with this observer. */
    private volatile @Nullable JitStores stores;
    private final AtomicBoolean gaugeRegistered = new AtomicBoolean();

    private JitMeters(Builder b) {
        this.registry = b.registry;
        this.maxTenants = b.maxTenants;
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void signIn(SignIn signIn) {
        String protocol = signIn.protocol().name().toLowerCase(Locale.ROOT);
        Tags tags = Tags.of("protocol", protocol, "outcome", signIn.outcome(), "code", code(signIn.code()));
        if (maxTenants > 0) {
            tags = tags.and("tenant", tenant(signIn.tenantId()));
        }
        Counter.builder("jit.sign.ins").description("Sign-ins jit answered, accepted or refused").tags(tags)
                .register(registry).increment();
        String result = switch (signIn.outcome()) {
            case "refused", "unavailable" -> signIn.outcome();
            default -> "accepted";
        };
        Timer.builder("jit.sign.in.verification").description("Verifying an IdP's answer, provisioning excluded")
                .tags("protocol", protocol, "result", result).register(registry).record(signIn.verification());
    }

    @Override
    public void scimRequest(String method, int status) {
        Counter.builder("jit.scim.requests").description("SCIM requests jit answered")
                .tags("method", METHODS.contains(method) ? method : OTHER, "status", String.valueOf(status))
                .register(registry).increment();
    }

    @Override
    public void refreshed(Refresh refresh) {
        Counter.builder("jit.idp.refreshes").description("Reads of IdPs' metadata, discovery documents and keys")
                .tags("document", refresh.document().value(), "result", refresh.succeeded() ? "success" : "failure")
                .register(registry).increment();
    }

    @Override
    public void started(JitStores stores) {
        this.stores = stores;
        if (gaugeRegistered.compareAndSet(false, true)) {
            Gauge.builder("jit.grants.active", this, JitMeters::activeGrants)
                    .description("Elevation grants giving their role now").register(registry);
        }
    }

    /** NaN while the grant store cannot be read: a gap in the graph, not a false zero. */
    private double activeGrants() {
        JitStores current = stores;
        if (current == null) {
            return Double.NaN;
        }
        try {
            return current.grantStore().countActive(current.clock().instant());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** jit's codes are short snake_case words; anything else is someone's free text and counts as other. */
    private static String code(@Nullable String code) {
        if (code == null) {
            return "none";
        }
        return code.length() <= 48 && code.matches("[a-z][a-z0-9_]*") ? code : OTHER;
    }

    private String tenant(@Nullable String tenantId) {
        if (tenantId == null) {
            return "none";
        }
        if (tenants.contains(tenantId)) {
            return tenantId;
        }
        synchronized (tenants) {
            if (tenants.size() < maxTenants) {
                tenants.add(tenantId);
                return tenantId;
            }
        }
        return tenants.contains(tenantId) ? tenantId : OTHER;
    }

    /** Builds {@link JitMeters}. */
    public static final class Builder {

        private final MeterRegistry registry;
        private int maxTenants;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        }

        /**
         * Tags sign-ins with their tenant, for the first {@code maxTenants} distinct tenants seen
         * (the rest share {@code other}); off by default, since every tag value is a time series.
         */
        public Builder tenantTags(int maxTenants) {
            if (maxTenants < 1 || maxTenants > 10_000) {
                throw new IllegalArgumentException("maxTenants must be between 1 and 10000");
            }
            this.maxTenants = maxTenants;
            return this;
        }

        public JitMeters build() {
            return new JitMeters(this);
        }
    }
}

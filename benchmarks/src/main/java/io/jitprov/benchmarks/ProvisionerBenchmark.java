package io.jitprov.benchmarks;

import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The provisioning pipeline alone (no protocol, in-memory store): what jit-core adds to a login. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProvisionerBenchmark {

    private Provisioner provisioner;
    private VerifiedIdentity returning;
    private VerifiedIdentity lookalike;

    @Setup
    public void setUp() {
        DomainRegistry domains = DomainRegistry.builder().build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers("https://idp.acme.test")
                .roleMapping(RoleMapping.builder()
                        .rule(RoleRule.exact("acme-admins", "admin"))
                        .rule(RoleRule.prefix("acme-eng-", "developer"))
                        .defaultRoles("member").build())
                .build();
        provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                .userStore(new InMemoryUserStore())
                .auditSink(AuditSink.NONE)
                .build();
        returning = VerifiedIdentity.issuedBy("https://idp.acme.test").subject("alice-0001")
                .attribute("email", "alice@acme.test").emailVerified(true)
                .attribute("groups", "acme-staff", "acme-eng-backend", "all-hands", "vpn-users")
                .attribute("given_name", "Alice").attribute("family_name", "Liddell")
                .build();
        lookalike = returning.toBuilder().subject("mallory")
                .attributes(a -> a.put("email", java.util.List.of("alice@\u0430cme.test"))).build();
        provisioner.provision(returning);
    }

    /** A returning login that changes nothing: the common case. */
    @Benchmark
    public ProvisioningResult returningLoginUnchanged() {
        return provisioner.provision(returning, "bench");
    }

    /** A login refused at tenant resolution. */
    @Benchmark
    public ProvisioningResult lookalikeDomainRefused() {
        return provisioner.provision(lookalike, "bench");
    }
}

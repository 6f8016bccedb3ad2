package io.jitprov.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningOutcome;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.jdbc.JdbcUserStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Logins per second through the Provisioner with a JdbcUserStore, on H2 (in memory) or PostgreSQL
 * (JIT_BENCH_POSTGRES_URL), at the thread count given with -t. First logins create an account each;
 * returning logins change nothing. The statements each login sent are printed at the end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JdbcProvisioningBenchmark {

    private static final int RETURNING_PEOPLE = 2_000;

    @Param({"h2", "postgres"})
    public String database;

    private HikariDataSource pool;
    private StatementCounter counter;
    private Provisioner provisioner;
    private VerifiedIdentity[] returning;
    private final AtomicLong newcomers = new AtomicLong();
    private final AtomicLong returns = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private String tenantId;

    @Setup
    public void setUp() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.equals("h2") ? "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
                : System.getenv("JIT_BENCH_POSTGRES_URL"));
        config.setMaximumPoolSize(32);
        pool = new HikariDataSource(config);
        JdbcSchema.install(pool);
        counter = new StatementCounter(pool);
        tenantId = "bench-" + UUID.randomUUID();
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified(tenantId, tenantId + ".test", false);
        Tenant tenant = Tenant.withId(tenantId).trustedIssuers("https://idp.acme.test")
                .roleMapping(RoleMapping.builder().rule(RoleRule.prefix("eng-", "developer")).defaultRoles("member").build())
                .build();
        provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(tenant)))
                .userStore(JdbcUserStore.builder(counter).build())
                .auditSink(AuditSink.NONE)
                .build();
        returning = new VerifiedIdentity[RETURNING_PEOPLE];
        for (int i = 0; i < RETURNING_PEOPLE; i++) {
            returning[i] = person("returning-" + i);
            provisioner.provision(returning[i]);
        }
        counter.statements.reset();
    }

    @TearDown(Level.Iteration)
    public void report() {
        long n = logins.getAndSet(0);
        long statements = counter.statements.sumThenReset();
        if (n > 0) {
            System.err.printf("%n[%s] %d logins, %.2f statements per login%n", database, n, (double) statements / n);
        }
    }

    @TearDown
    public void close() {
        pool.close();
    }

    private VerifiedIdentity person(String subject) {
        return VerifiedIdentity.issuedBy("https://idp.acme.test").subject(subject)
                .attribute("email", subject + "@" + tenantId + ".test").emailVerified(true)
                .attribute("groups", "eng-backend", "all-staff").attribute("given_name", "Pat").build();
    }

    /** A person never seen before: one account created (account, identity, roles, attributes). */
    @Benchmark
    public ProvisioningResult firstLogin() {
        logins.incrementAndGet();
        ProvisioningResult result = provisioner.provision(person("new-" + newcomers.incrementAndGet()));
        if (result.outcome() != ProvisioningOutcome.CREATED) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /** A person seen before whose IdP data did not change: read only. */
    @Benchmark
    public ProvisioningResult returningLogin() {
        logins.incrementAndGet();
        ProvisioningResult result = provisioner.provision(returning[(int) (returns.incrementAndGet() % RETURNING_PEOPLE)]);
        if (result.outcome() != ProvisioningOutcome.UNCHANGED) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }
}

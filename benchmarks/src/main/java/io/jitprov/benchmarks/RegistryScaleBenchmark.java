package io.jitprov.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.config.JitRegistry;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.jdbc.JdbcUserStore;
import io.jitprov.saml.BenchmarkResponses;
import java.time.Instant;
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
 * Many tenants in the registry: each with its own connection (half SAML with about 5 KB of
 * metadata, half OpenID) and its own verified domain, in PostgreSQL ({@code JIT_BENCH_POSTGRES_URL})
 * or H2. {@code tenants=1} is the floor the other counts are compared with, in the same run.
 * The registry is written once per table prefix and kept, so later runs start at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RegistryScaleBenchmark {

    /** People signing in during a returning-login run, over as many tenants: a working set that fits the cache. */
    private static final int HOT = 100;

    @Param({"1", "10000"})
    public int tenants;

    @Param({"postgres"})
    public String database;

    private HikariDataSource pool;
    private StatementCounter counter;
    private String prefix;
    private JitRegistry registry;
    private Provisioner provisioner;
    private VerifiedIdentity[] people;
    private int next;
    private final AtomicLong logins = new AtomicLong();

    @Setup
    public void setUp() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.equals("h2") ? "jdbc:h2:mem:scale;DB_CLOSE_DELAY=-1"
                : System.getenv("JIT_BENCH_POSTGRES_URL"));
        config.setMaximumPoolSize(8);
        pool = new HikariDataSource(config);
        prefix = "scale" + tenants + "_";
        JdbcSchema.install(pool, prefix);
        counter = new StatementCounter(pool);
        populate();
        registry = registry();
        provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(registry.domains(), registry.tenants()))
                .userStore(JdbcUserStore.builder(counter).tablePrefix(prefix).build())
                .auditSink(AuditSink.NONE).build();
        // The same hundred people sign in whatever the count of tenants; only how they spread differs.
        people = new VerifiedIdentity[HOT];
        for (int i = 0; i < people.length; i++) {
            int tenant = i % tenants;
            people[i] = VerifiedIdentity.issuedBy(issuer(tenant)).subject("person-" + i)
                    .attribute("email", "pat-" + i + "@t" + tenant + ".test").emailVerified(true)
                    .attribute("groups", "staff", "eng-backend").build();
            provisioner.provision(people[i]);
        }
        if (tenants >= 1_000) {
            reportHeapPerThousandConnections();
        }
        counter.statements.reset();
    }

    private JitRegistry registry() {
        return JitRegistry.builder().store(JdbcRegistryStore.of(counter, prefix))
                .domains(DomainRegistry.builder().store(JdbcDomainStore.of(counter, prefix)).build())
                .pollInterval(null).cacheSize(1_000).build();
    }

    /** Tenant i, its connection (SAML for even i) and its verified domain, written once. */
    private void populate() {
        JdbcRegistryStore store = JdbcRegistryStore.of(pool, prefix);
        if (store.find(RegistryKind.TENANT, "t" + (tenants - 1)).isPresent()) {
            return;
        }
        DomainRegistry domains = DomainRegistry.builder().store(JdbcDomainStore.of(pool, prefix)).build();
        String policy = "{\"roles\": {\"rules\": [{\"group\": \"admins\", \"role\": \"admin\"},"
                + " {\"prefix\": \"eng-\", \"role\": \"developer\"}], \"defaultRoles\": [\"member\"]}}";
        for (int i = 0; i < tenants; i++) {
            String id = "t" + i;
            if (store.find(RegistryKind.TENANT, id).isPresent()) {
                continue;
            }
            store.create(RegistryKind.TENANT, id, id, null, policy, Instant.now());
            String document = i % 2 == 0
                    ? "{\"saml\": {\"metadata\": " + json(BenchmarkResponses.idpMetadata(issuer(i)))
                            + ", \"emailsVerified\": true, \"groupAttributes\": [\"groups\"]}}"
                    : "{\"oidc\": {\"issuer\": \"" + issuer(i) + "\", \"clientId\": \"app\", \"clientAuthentication\":"
                            + " \"none\", \"jwksUri\": \"" + issuer(i) + "/jwks\"}}";
            store.create(RegistryKind.CONNECTION, id + "-idp", id, (i % 2 == 0 ? "saml " : "oidc ") + issuer(i), document,
                    Instant.now());
            domains.markVerified(id, id + ".test", false);
        }
    }

    private static String issuer(int i) {
        return i % 2 == 0 ? "https://idp.t" + i + ".test/saml" : "https://login.t" + i + ".test";
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t") + "\"";
    }

    /** Parses 1,000 connections into a registry of their own and prints the heap they hold. */
    private void reportHeapPerThousandConnections() {
        try (JitRegistry measured = registry()) {
            long before = usedHeapAfterGc();
            for (int i = 0; i < 1_000; i++) {
                if (i % 2 == 0) {
                    measured.samlIdentityProviders().find(issuer(i));
                } else {
                    measured.oidcProviders().find(issuer(i));
                }
            }
            long after = usedHeapAfterGc();
            System.err.printf("%n[%s, %d tenants] heap held by 1,000 parsed connections (500 SAML, 500 OpenID):"
                    + " %,d KB%n", database, tenants, (after - before) / 1024);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @TearDown(Level.Iteration)
    public void report() {
        long n = logins.getAndSet(0);
        long statements = counter.statements.sumThenReset();
        if (n > 0) {
            System.err.printf("%n[%s, %d tenants] %.2f statements per returning login%n", database, tenants,
                    (double) statements / n);
        }
    }

    @TearDown
    public void close() {
        registry.close();
        pool.close();
    }

    /**
     * A returning login of one of the tenants signing in now (the IdP found by its entityID or
     * issuer, the tenant by the verified domain, the account changed by nothing).
     */
    @Benchmark
    public ProvisioningResult returningLogin() {
        int i = next++ % people.length;
        int tenant = i % tenants;
        Object idp = tenant % 2 == 0 ? registry.samlIdentityProviders().find(issuer(tenant)).orElseThrow()
                : registry.oidcProviders().find(issuer(tenant)).orElseThrow();
        logins.incrementAndGet();
        ProvisioningResult result = provisioner.provision(people[i]);
        if (idp == null || result.refused()) {
            throw new IllegalStateException(result.toString());
        }
        return result;
    }

    /** A node starting: nothing is read per tenant, so the count of tenants must not show. */
    @Benchmark
    public JitRegistry start() {
        JitRegistry started = registry();
        started.close();
        return started;
    }
}

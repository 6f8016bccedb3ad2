package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.Account;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningOutcome;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store under the Provisioner, with users the application had before it adopted jit. */
class AppUsersStoreTests {

    private static final String IDP = "https://idp.acme.test";

    private HikariDataSource dataSource;
    private Provisioner provisioner;

    @BeforeEach
    void setUp() throws SQLException {
        dataSource = TestDatabases.pool("jdbc:h2:mem:app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 4);
        AppUsersSchema.installBeforeJit(dataSource);
        sql("INSERT INTO organisations (slug, display_name) VALUES ('acme', 'Acme Corp')");
        sql("INSERT INTO users (organisation, email, full_name, created_at)"
                + " VALUES ('acme', 'alice@acme.test', 'Alice L.', CURRENT_TIMESTAMP)");
        AppUsersSchema.migrate(dataSource);

        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(IDP).linkPolicy(LinkPolicy.VERIFIED_EMAIL)
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member").build())
                .build();
        provisioner = Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                .userStore(new AppUsersStore(dataSource, Clock.systemUTC())).auditSink(AuditSink.slf4j()).build();
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void aUserFromBeforeJitIsLinkedByVerifiedEmailAndKeepsTheirRowAndName() throws SQLException {
        ProvisioningResult result = provisioner.provision(alice(true).attribute("groups", "acme-admins").build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.LINKED);
        Account account = result.account().orElseThrow();
        assertThat(account.id()).startsWith("app-");
        assertThat(account.roleNames()).containsExactly("admin", "member");
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM users WHERE full_name = 'Alice L.'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.email = 'alice@acme.test' AND r.granted_by = 'idp'")).isEqualTo(2);

        assertThat(provisioner.provision(alice(true).build()).outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(count("SELECT COUNT(*) FROM user_roles")).isEqualTo(1);
    }

    @Test
    void anUnverifiedEmailIsNotLinkedToTheExistingUserAndNothingIsWritten() throws SQLException {
        ProvisioningResult result = provisioner.provision(alice(false).build());

        assertThat(result.refused()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM users")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_logins")).isZero();
    }

    private static VerifiedIdentity.Builder alice(boolean emailVerified) {
        return VerifiedIdentity.issuedBy(IDP).subject("alice-0001").attribute("email", "alice@acme.test")
                .emailVerified(emailVerified);
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private long count(String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.NewAccount;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit table keeps every event, whatever its values: too long for a column is cut visibly
 * (a prefix, a marker and a hash of the whole value), and characters a database would refuse or
 * alter, or that would split a multi-valued column, are escaped and read back as sent.
 */
class JdbcAuditRowTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class H2 extends Cases {
        @BeforeAll
        void start() {
            dataSource = TestDatabases.h2InMemory();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgreSql extends Cases {
        @BeforeAll
        void start() {
            dataSource = TestDatabases.postgres(4);
        }
    }

    abstract static class Cases {

        HikariDataSource dataSource;

        @AfterAll
        void stop() {
            if (dataSource != null) {
                dataSource.close();
            }
        }

        private AuditEvent event(String tenant, String issuer, String subject, List<JitError> errors) {
            return AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, NOW).correlationId("c-1").tenantId(tenant)
                    .identity(issuer, subject).errors(errors).build();
        }

        @Test
        void recordWhenEveryFieldIsLongerThanItsColumnThenOneRowCutVisiblyWithTheWholeValuesHash() {
            String tenant = "t-" + UUID.randomUUID() + "x".repeat(5000);
            String subject = "s".repeat(5000);
            String huge = "e".repeat(300_000);
            AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, NOW)
                    .id("id-" + UUID.randomUUID() + "i".repeat(5000)).correlationId("c".repeat(5000)).tenantId(tenant)
                    .identity("https://idp/" + "p".repeat(5000), subject).accountId("a".repeat(5000))
                    .errors(List.of(new JitError("k".repeat(5000), huge))).rolesAdded(Set.of("r".repeat(300_000)))
                    .rolesRemoved(Set.of("q".repeat(300_000))).actor(AuditActor.account("z".repeat(5000))).build();

            JdbcAuditSink.of(dataSource).record(event);

            List<AuditEvent> trail = JdbcAuditSink.of(dataSource).recent(tenant, 10);
            assertThat(trail).singleElement().satisfies(stored -> {
                assertThat(stored.subject()).hasSizeLessThanOrEqualTo(1024).startsWith("sssss")
                        .endsWith("...sha256:" + Sha256.hex(subject).substring(0, 16));
                assertThat(stored.tenantId()).hasSizeLessThanOrEqualTo(255).startsWith(tenant.substring(0, 40));
                assertThat(stored.correlationId()).hasSizeLessThanOrEqualTo(128).contains("...sha256:");
                assertThat(stored.actor().id()).hasSizeLessThanOrEqualTo(64).contains("...sha256:");
                assertThat(stored.errors()).singleElement().satisfies(e -> assertThat(e.toString())
                        .startsWith("kkkk").contains("...sha256:"));
                assertThat(stored.rolesAdded()).singleElement().asString().startsWith("rrrr").contains("...sha256:");
            });
        }

        @Test
        void recordWhenTwoLongValuesShareTheirPrefixThenTheirRowsStillDiffer() {
            String tenant = "t-" + UUID.randomUUID();
            String prefix = "s".repeat(3000);

            JdbcAuditSink.of(dataSource).record(event(tenant, "https://idp", prefix + "alice", List.of()));
            JdbcAuditSink.of(dataSource).record(event(tenant, "https://idp", prefix + "mallory", List.of()));

            assertThat(JdbcAuditSink.of(dataSource).recent(tenant, 10)).extracting(AuditEvent::subject)
                    .hasSize(2).doesNotHaveDuplicates();
        }

        @Test
        void recordWhenValuesHoldNulNewlinesAndLoneSurrogatesThenKeptAndReadBackAsSent() {
            String tenant = "t-" + UUID.randomUUID();
            String subject = "eve\u0000\r\nforged\ud800" + '\\' + "u0041\ud83d\ude00";
            List<JitError> errors = List.of(new JitError(JitErrorCodes.IDENTITY_INVALID, "bad [x]\nother_code: forged"),
                    new JitError(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain \\ [y]"));
            AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.UPDATED, NOW).correlationId("c-1")
                    .tenantId(tenant).identity("https://idp", subject).accountId("a-1").errors(errors)
                    .rolesAdded(Set.of("ops,admin")).rolesRemoved(Set.of("x\u0000")).actor(AuditActor.account("actor\n"))
                    .build();

            JdbcAuditSink.of(dataSource).record(event);

            assertThat(JdbcAuditSink.of(dataSource).recent(tenant, 10)).singleElement().satisfies(stored -> {
                assertThat(stored.subject()).isEqualTo(subject);
                assertThat(stored.errors()).isEqualTo(errors);
                assertThat(stored.rolesAdded()).containsExactly("ops,admin");
                assertThat(stored.rolesRemoved()).containsExactly("x\u0000");
                assertThat(stored.actor()).isEqualTo(AuditActor.account("actor\n"));
            });
        }

        @Test
        void createWhenAuditInSameTransactionAndTheEventIsTooLongForItsRowThenAccountAndEventBothWritten() {
            String tenant = "t-" + UUID.randomUUID();
            JdbcUserStore store = JdbcUserStore.builder(dataSource).auditInSameTransaction(true).build();
            NewAccount draft = new NewAccount(tenant, null, IdentityKind.HUMAN, ValidatedAttributes.empty(), Set.of(),
                    List.of(new ExternalIdentity("https://idp", "alice")), NOW);
            AuditEvent created = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.CREATED, NOW).correlationId("c")
                    .tenantId(tenant).identity("https://idp", "alice").accountId(draft.id())
                    .rolesAdded(Set.of("r".repeat(10_000))).actor(AuditActor.account("actor-" + "x".repeat(100))).build();

            store.create(draft, Tenant.UNLIMITED_SEATS, created);

            assertThat(store.findById(draft.id())).isPresent();
            assertThat(JdbcAuditSink.of(dataSource).recent(tenant, 10)).singleElement()
                    .satisfies(e -> assertThat(e.actor().id()).startsWith("actor-xx").contains("...sha256:"));
        }

        @Test
        void provisionWhenTheSubjectIsTooLongThenTheRefusalIsInTheTrailNamingAPrefixOfIt() throws SQLException {
            String subject = "mallory-" + UUID.randomUUID() + "-" + "m".repeat(5000);
            Provisioner provisioner = Provisioner.builder()
                    .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(),
                            TenantDirectory.of(TestTenants.acme().build())))
                    .userStore(new InMemoryUserStore()).auditSink(JdbcAuditSink.of(dataSource)).build();

            ProvisioningResult result = provisioner.provision(TestIdentities.alice().subject(subject).build());

            assertThat(result.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.IDENTITY_INVALID);
            assertThat(codesOfSubjectsStartingWith(subject.substring(0, 50))).containsExactly(JitErrorCodes.IDENTITY_INVALID);
        }

        private List<String> codesOfSubjectsStartingWith(String prefix) throws SQLException {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT code FROM jit_audit_event WHERE subject LIKE ?")) {
                s.setString(1, prefix + "%");
                List<String> codes = new ArrayList<>();
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        codes.add(rows.getString(1));
                    }
                }
                return codes;
            }
        }
    }
}

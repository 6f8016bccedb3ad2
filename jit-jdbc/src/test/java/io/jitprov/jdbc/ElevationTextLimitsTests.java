package io.jitprov.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.NewAccount;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestTenants;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRefusedException;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What people type into an elevation request or decision is checked against the grant's
 * maxima before any store is asked: too long is the requester's mistake ({@code text_invalid}),
 * never the database's ({@code store_unavailable}).
 */
class ElevationTextLimitsTests {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        dataSource = TestDatabases.h2InMemory();
    }

    @AfterAll
    static void stop() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Nested
    class InMemory extends Cases {
        @Override
        GrantHistory createStore() {
            return new InMemoryGrantStore();
        }
    }

    @Nested
    class Jdbc extends Cases {
        @Override
        GrantHistory createStore() {
            return JdbcGrantStore.of(dataSource);
        }
    }

    abstract static class Cases {

        private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
        private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
        private final RecordingAuditSink audit = new RecordingAuditSink();
        private final GrantHistory grants = createStore();
        private final Tenant acme = TestTenants.acme().elevation(ElevationRule.forRole("db-admin")
                .eligibleGroups("acme-dba").maxDuration(Duration.ofHours(1)).approvals(ApprovalRequirement.ONE)
                .approverRoles("admin").build()).build();
        private final String alice = account("alice", List.of("acme-dba"), Set.of());
        private final String bob = account("bob", List.of(), Set.of("admin"));
        private final Elevation elevation = Elevation.builder().tenants(TenantDirectory.of(acme)).userStore(accounts)
                .grantStore(grants).auditSink(audit).clock(clock).build();

        abstract GrantHistory createStore();

        private String account(String name, List<String> groups, Set<String> roles) {
            Set<AssignedRole> assigned = new java.util.HashSet<>();
            roles.forEach(r -> assigned.add(AssignedRole.mapped(r)));
            return accounts.create(new NewAccount("acme", name + "@acme.test", IdentityKind.HUMAN,
                    ValidatedAttributes.of(groups.isEmpty() ? Map.of() : Map.of("groups", groups)), assigned,
                    List.of(new ExternalIdentity("https://idp.acme", name)), clock.instant()),
                    Tenant.UNLIMITED_SEATS).id();
        }

        private ElevationRequest ask(String justification, String ticket, String sessionId) {
            return new ElevationRequest(alice, "db-admin", null, justification, ticket,
                    new AuthenticationContext(clock.instant(), null, null, List.of()), sessionId);
        }

        private void assertTextInvalid(Runnable call) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ElevationRefusedException.class,
                    e -> assertThat(e.code()).isEqualTo(JitErrorCodes.TEXT_INVALID));
            assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.REFUSED);
            assertThat(audit.last().code()).isEqualTo(JitErrorCodes.TEXT_INVALID);
        }

        @Test
        void requestWhenJustificationLongerThanItsMaximumThenTextInvalidAndNothingStored() {
            assertTextInvalid(() -> elevation.request(ask("x".repeat(AccessGrant.MAX_JUSTIFICATION_LENGTH + 1),
                    "CHG-1", "_s")));

            assertThat(grants.findByAccount(alice)).isEmpty();
        }

        @Test
        void requestWhenTicketOrSessionLongerThanItsMaximumThenTextInvalid() {
            assertTextInvalid(() -> elevation.request(ask("why", "T".repeat(AccessGrant.MAX_TICKET_LENGTH + 1), "_s")));
            assertTextInvalid(() -> elevation.request(ask("why", "CHG-1",
                    "s".repeat(AccessGrant.MAX_SESSION_ID_LENGTH + 1))));

            assertThat(grants.findByAccount(alice)).isEmpty();
        }

        @Test
        void requestWhenTextHoldsNulOrALoneSurrogateThenTextInvalid() {
            assertTextInvalid(() -> elevation.request(ask("INC-1\u0000", "CHG-1", "_s")));
            assertTextInvalid(() -> elevation.request(ask("INC-1", "CHG-\ud800", "_s")));

            assertThat(grants.findByAccount(alice)).isEmpty();
        }

        @Test
        void requestWhenTextsAtTheirMaximumThenStoredWhole() {
            String justification = "j\n".repeat(AccessGrant.MAX_JUSTIFICATION_LENGTH / 2 - 1) + "\ud83d\ude00";
            String ticket = "T".repeat(AccessGrant.MAX_TICKET_LENGTH);
            String session = "s".repeat(AccessGrant.MAX_SESSION_ID_LENGTH);

            AccessGrant grant = elevation.request(ask(justification, ticket, session));

            assertThat(grants.findById(grant.id()).orElseThrow()).satisfies(stored -> {
                assertThat(stored.justification()).isEqualTo(justification.strip());
                assertThat(stored.ticket()).isEqualTo(ticket);
                assertThat(stored.sessionId()).isEqualTo(session);
            });
        }

        @Test
        void denyOrRevokeWhenReasonLongerThanItsMaximumThenTextInvalidAndGrantStillPending() {
            AccessGrant grant = elevation.request(ask("INC-1", null, "_s"));
            String reason = "r".repeat(AccessGrant.MAX_END_REASON_LENGTH + 1);

            assertTextInvalid(() -> elevation.deny(grant.id(), bob, reason));
            assertTextInvalid(() -> elevation.revoke(grant.id(), alice, reason));

            assertThat(grants.findById(grant.id()).orElseThrow().status()).isEqualTo(GrantStatus.PENDING);
            AccessGrant denied = elevation.deny(grant.id(), bob, "r".repeat(AccessGrant.MAX_END_REASON_LENGTH));
            assertThat(grants.findById(grant.id()).orElseThrow().endReason()).isEqualTo(denied.endReason());
        }

        @Test
        void revokeAllWhenTheSystemsReasonIsTooLongThenTheGrantEndsAnywayWithTheReasonCut() {
            AccessGrant grant = elevation.request(ask("INC-1", null, "_s"));

            int ended = elevation.revokeAll(alice, List.of(), "logout ".repeat(100));

            assertThat(ended).isEqualTo(1);
            AccessGrant stored = grants.findById(grant.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(GrantStatus.REVOKED);
            assertThat(stored.endReason()).hasSizeLessThanOrEqualTo(AccessGrant.MAX_END_REASON_LENGTH)
                    .startsWith("logout logout");
            assertThat(stored.endedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        }
    }
}

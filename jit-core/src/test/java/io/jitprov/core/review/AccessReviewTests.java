package io.jitprov.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.AuthenticationContext;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.MutableClock;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.ElevationRequest;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.DirectoryEntry;
import io.jitprov.core.provisioning.Preprovisioner;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access review: roles with provenance, last logins, grant history, never-used accounts; JSON and CSV. */
class AccessReviewTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final InMemoryGrantStore grants = new InMemoryGrantStore();
    private final Tenant acme = TestTenants.acme()
            .elevation(ElevationRule.forRole("operator").eligibleGroups("acme-eng-backend").justificationRequired(true)
                    .approvals(ApprovalRequirement.ONE).approverRoles("admin").build())
            .build();
    private final TenantDirectory tenants = TenantDirectory.of(acme, TestTenants.globex().build());
    private final Provisioner provisioner = Provisioner.builder()
            .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
            .userStore(accounts).auditSink(AuditSink.NONE).clock(clock).build();
    private final Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants)
            .auditSink(AuditSink.NONE).clock(clock).build();
    private final Preprovisioner preprovisioner = Preprovisioner.builder().tenants(tenants).userStore(accounts)
            .auditSink(AuditSink.NONE).clock(clock).build();
    private final AccessReview review = AccessReview.builder().userStore(accounts).grantStore(grants)
            .neverUsedAfter(Duration.ofDays(30)).clock(clock).build();

    private String alice;
    private String bob;
    private String pushed;

    private void setUp() {
        pushed = preprovisioner.create(new DirectoryEntry("acme", new ExternalIdentity(TestIdentities.ACME_IDP, "nobody"),
                IdentityKind.HUMAN, Map.of("email", List.of("nobody@acme.test"))), null).account().orElseThrow().id();
        clock.advance(Duration.ofDays(31));
        alice = provisioner.provision(TestIdentities.alice().build()).account().orElseThrow().id();
        Account bobs = provisioner.provision(TestIdentities.alice().subject("bob").attributes(a -> {
            a.put("email", List.of("bob@acme.test"));
            a.put("groups", List.of("acme-staff"));
        }).build()).account().orElseThrow();
        bob = accounts.update(bobs.withRoles(java.util.Set.of(AssignedRole.mapped("member"), AssignedRole.manual("admin"))))
                .id();
        AccessGrant asked = elevation.request(new ElevationRequest(alice, "operator", Duration.ofMinutes(30),
                "=HYPERLINK(\"http://evil.test\",\"INC-1, restore\")", "INC-1", AuthenticationContext.unknown(), null));
        elevation.approve(asked.id(), bob);
        clock.advance(Duration.ofHours(1));
        elevation.request(new ElevationRequest(alice, "operator", null, "again", null, AuthenticationContext.unknown(),
                null));
        provisioner.provision(TestIdentities.bob().build()); // globex: never in acme's review
    }

    @Test
    void jsonListsEveryAccountWithRoleProvenanceLastLoginGrantsAndNeverUsedFlags() throws Exception {
        setUp();
        StringWriter out = new StringWriter();

        review.writeJson("acme", out);

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("tenant").asText()).isEqualTo("acme");
        assertThat(json.get("accounts")).hasSize(3);
        JsonNode aliceJson = byId(json, alice);
        assertThat(aliceJson.get("lastLoginAt").asText()).isEqualTo("2026-04-01T12:00:00Z");
        assertThat(aliceJson.get("neverUsed").asBoolean()).isFalse();
        assertThat(aliceJson.get("roles").findValuesAsText("source")).containsOnly("mapped");
        JsonNode first = aliceJson.get("grants").get(0);
        assertThat(first.get("requestedBy").asText()).isEqualTo(alice);
        assertThat(first.get("approvedBy").get(0).asText()).isEqualTo(bob);
        assertThat(first.get("justification").asText()).startsWith("=HYPERLINK(");
        assertThat(first.get("ticket").asText()).isEqualTo("INC-1");
        assertThat(first.get("expiresAt").asText()).isEqualTo("2026-04-01T12:30:00Z");
        assertThat(aliceJson.get("grants").get(1).get("status").asText()).isEqualTo("pending");
        assertThat(byId(json, bob).get("roles").toString()).contains("{\"role\":\"admin\",\"source\":\"manual\"}");
        assertThat(byId(json, pushed).get("neverUsed").asBoolean()).isTrue();
        assertThat(byId(json, pushed).get("lastLoginAt").isNull()).isTrue();
    }

    @Test
    void csvHasARowPerEntitlementQuotesWhatItMustAndDefusesFormulas() {
        setUp();
        StringWriter out = new StringWriter();

        review.writeCsv("acme", out);

        String[] rows = out.toString().split("\r\n");
        assertThat(rows[0]).startsWith("account_id,email,kind,status,created_at,last_login_at,never_used,role,source");
        assertThat(rows).filteredOn(r -> r.startsWith(alice + ",")).hasSize(4); // member, developer, two grants
        assertThat(rows).filteredOn(r -> r.startsWith(pushed + ",")).singleElement()
                .satisfies(r -> assertThat(r).contains(",true,member,mapped"));
        assertThat(rows).anySatisfy(r -> assertThat(r)
                .contains(",operator,grant,").contains(",\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"INC-1, restore\"\")\",INC-1,")
                .contains("," + bob + ","));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains("globex"));
    }

    @Test
    void cellsAreQuotedAndDefusedAsRfc4180AndOwaspAsk() {
        assertThat(ReviewCsv.cell("plain")).isEqualTo("plain");
        assertThat(ReviewCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReviewCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReviewCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ReviewCsv.cell("+1")).isEqualTo("'+1");
        assertThat(ReviewCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ReviewJson.string("a\"b\\c\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\u0001\\u2028\"");
    }

    private static JsonNode byId(JsonNode review, String id) {
        for (JsonNode account : review.get("accounts")) {
            if (account.get("id").asText().equals(id)) {
                return account;
            }
        }
        throw new AssertionError("No account " + id + " in " + review);
    }
}

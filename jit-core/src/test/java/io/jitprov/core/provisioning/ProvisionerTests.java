package io.jitprov.core.provisioning;

import static io.jitprov.core.TestIdentities.alice;
import static io.jitprov.core.TestIdentities.bob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.Account;
import io.jitprov.core.AssignedRole;
import io.jitprov.core.CountingUserStore;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.MutableClock;
import io.jitprov.core.NewAccount;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.RoleSource;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.UserStore;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.SyncMode;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.tenant.TenantResolver;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvisionerTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final CountingUserStore store = new CountingUserStore(accounts);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final DomainRegistry domains = TestTenants.verifiedDomains();

    private Provisioner provisioner(Tenant... tenants) {
        return Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(tenants)))
                .userStore(store).auditSink(audit).clock(clock).build();
    }

    private Provisioner provisioner() {
        return provisioner(TestTenants.acme().build(), TestTenants.globex().build());
    }

    private static String codeOf(ProvisioningResult result) {
        return result.refusal().orElseThrow().code();
    }

    @Test
    void provisionWhenFirstLoginThenAccountCreatedWithMappedRoles() {
        ProvisioningResult result = provisioner().provision(alice().build(), "corr-1");

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        Account account = result.account().orElseThrow();
        assertThat(account.tenantId()).isEqualTo("acme");
        assertThat(account.email()).isEqualTo("alice@acme.test");
        assertThat(account.identities()).containsExactly(new ExternalIdentity(TestIdentities.ACME_IDP, "alice-0001"));
        assertThat(result.roles()).containsExactly("developer", "member");
        assertThat(account.roles()).allMatch(r -> r.source() == RoleSource.MAPPED);
        assertThat(account.attributes().first("given_name")).contains("Alice");
        AuditEvent event = audit.last();
        assertThat(event.outcome()).isEqualTo(AuditOutcome.CREATED);
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.tenantId()).isEqualTo("acme");
        assertThat(event.accountId()).isEqualTo(account.id());
        assertThat(event.rolesAdded()).containsExactlyInAnyOrder("developer", "member");
    }

    @Test
    void previewWhenFirstLoginThenWouldCreateWithMappedRolesAndNothingIsWrittenOrAudited() {
        Tenant acme = TestTenants.acme().build();

        ProvisioningResult preview = provisioner().preview(alice().build(), acme);

        assertThat(preview.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(preview.roles()).containsExactly("developer", "member");
        assertThat(store.writes()).isZero();
        assertThat(audit.events).isEmpty();
        assertThat(accounts.findByIdentity("acme", TestIdentities.ACME_IDP, "alice-0001")).isEmpty();
    }

    @Test
    void previewWhenAccountExistsThenSaysWhatWouldChangeAndChangesNothing() {
        Provisioner provisioner = provisioner();
        Account before = provisioner.provision(alice().build(), "corr-1").account().orElseThrow();
        int writes = store.writes();
        int events = audit.events.size();

        ProvisioningResult same = provisioner.preview(alice().build(), TestTenants.acme().build());
        ProvisioningResult fewerGroups = provisioner.preview(alice().attributes(a -> a.put("groups", List.of("acme-staff"))).build(),
                TestTenants.acme().build());

        assertThat(same.outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
        assertThat(fewerGroups.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(fewerGroups.rolesRemoved()).contains("developer");
        assertThat(store.writes()).isEqualTo(writes);
        assertThat(audit.events).hasSize(events);
        assertThat(accounts.findById(before.id()).orElseThrow().version()).isEqualTo(before.version());
    }

    @Test
    void previewWhenPolicyRefusesThenRefusedWithItsCodeAndTheTenantNamed() {
        Tenant strict = TestTenants.acme().requireAnyGroup("acme-auditors").build();

        ProvisioningResult preview = provisioner().preview(alice().build(), strict);

        assertThat(preview.refused()).isTrue();
        assertThat(codeOf(preview)).isEqualTo(JitErrorCodes.REQUIRED_GROUP_MISSING);
        assertThat(preview.tenantId()).hasValue("acme");
        assertThat(audit.events).isEmpty();
    }

    @Test
    void provisionWhenSameLoginAgainThenUnchangedAndNothingWritten() {
        Provisioner provisioner = provisioner();
        Account created = provisioner.provision(alice().build()).account().orElseThrow();
        int writesAfterFirst = store.writes();

        ProvisioningResult again = provisioner.provision(alice().build());

        assertThat(again.outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
        assertThat(again.account().orElseThrow().id()).isEqualTo(created.id());
        assertThat(store.writes()).isEqualTo(writesAfterFirst);
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.UNCHANGED);
    }

    @Test
    void provisionWhenEmailCaseDiffersOnLaterLoginThenUnchanged() {
        Provisioner provisioner = provisioner();
        provisioner.provision(alice().build());

        ProvisioningResult again = provisioner.provision(alice()
                .attributes(a -> a.put("email", List.of("Alice@ACME.test"))).build());

        assertThat(again.outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
        assertThat(accounts.size()).isEqualTo(1);
    }

    @Test
    void provisionWhenGroupRemovedThenOnlyItsMappedRoleIsRemoved() {
        Provisioner provisioner = provisioner();
        Account first = provisioner.provision(alice().attribute("groups", "acme-admins").build()).account().orElseThrow();
        assertThat(first.roleNames()).containsExactly("admin", "developer", "member");
        // An administrator grants "admin" and "auditor" by hand as well.
        Set<AssignedRole> withManual = new java.util.HashSet<>(first.roles());
        withManual.add(AssignedRole.manual("admin"));
        withManual.add(AssignedRole.manual("auditor"));
        accounts.update(first.withRoles(withManual));

        ProvisioningResult later = provisioner.provision(alice().build());

        assertThat(later.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(later.rolesRemoved()).containsExactly("admin");
        Account account = later.account().orElseThrow();
        assertThat(account.mappedRoleNames()).containsExactly("developer", "member");
        assertThat(account.roles()).contains(AssignedRole.manual("admin"), AssignedRole.manual("auditor"));
        assertThat(audit.last().rolesRemoved()).containsExactly("admin");
    }

    @Test
    void provisionWhenGroupAddedThenRoleAdded() {
        Provisioner provisioner = provisioner();
        provisioner.provision(alice().build());

        ProvisioningResult later = provisioner.provision(alice().attribute("groups", "acme-sre").build());

        assertThat(later.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(later.rolesAdded()).containsExactly("operator");
    }

    @Test
    void provisionWhenSyncModeImportThenLaterLoginsChangeNothing() {
        Provisioner provisioner = provisioner(TestTenants.acme().syncMode(SyncMode.IMPORT).build());
        provisioner.provision(alice().build());
        int writes = store.writes();

        ProvisioningResult later = provisioner.provision(alice().attribute("groups", "acme-admins")
                .attributes(a -> a.put("given_name", List.of("Alicia"))).build());

        assertThat(later.outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
        assertThat(later.roles()).doesNotContain("admin");
        assertThat(later.account().orElseThrow().attributes().first("given_name")).contains("Alice");
        assertThat(store.writes()).isEqualTo(writes);
    }

    @Test
    void provisionWhenRoleMapperReturnsRoleOutsideCeilingThenDropped() {
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(TestTenants.acme().build())))
                .roleMapper((tenant, identity, attributes) -> Set.of("member", "superuser"))
                .userStore(store).auditSink(audit).clock(clock).build();

        assertThat(provisioner.provision(alice().build()).roles()).containsExactly("member");
    }

    @Test
    void provisionWhenTheCeilingWasLoweredBelowARuleThenPeopleStillSignInWithTheRolesItAllows() {
        // A plan downgrade: admin leaves the ceiling, the rule mapping acme-admins to it stays.
        Tenant downgraded = TestTenants.acme().roleMapping(TestTenants.acme().build().roleMapping().toBuilder()
                .allowedRoles("member", "developer").build()).build();
        Provisioner provisioner = provisioner(downgraded);

        ProvisioningResult result = provisioner.provision(alice().attribute("groups", "acme-admins", "acme-eng-web")
                .build());

        assertThat(downgraded.roleMapping().rolesAboveCeiling()).containsExactly("admin", "operator");
        assertThat(result.refused()).isFalse();
        assertThat(result.roles()).containsExactlyInAnyOrder("member", "developer");
    }

    @Test
    void provisionWhenIssuerNotTrustedButDomainMatchesThenRefused() {
        VerifiedIdentity rogue = alice().build().toBuilder().build();
        VerifiedIdentity fromRogueIdp = VerifiedIdentity.issuedBy(TestIdentities.ROGUE_IDP).subject("alice-0001")
                .attributes(a -> a.putAll(rogue.attributes())).emailVerified(true).build();

        ProvisioningResult result = provisioner().provision(fromRogueIdp);

        assertThat(codeOf(result)).isEqualTo(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT);
        assertThat(result.tenantId()).contains("acme");
        assertThat(accounts.size()).isZero();
        assertThat(audit.last().code()).isEqualTo(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT);
    }

    @Test
    void provisionWhenOtherTenantsIdpAssertsOurDomainThenRefused() {
        VerifiedIdentity fromGlobexIdp = VerifiedIdentity.issuedBy(TestIdentities.GLOBEX_IDP).subject("x")
                .attribute("email", "ceo@acme.test").emailVerified(true).build();

        assertThat(codeOf(provisioner().provision(fromGlobexIdp))).isEqualTo(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT);
    }

    @Test
    void provisionWhenEmailNotVerifiedThenRefused() {
        ProvisioningResult result = provisioner().provision(alice().emailVerified(false).build());

        assertThat(codeOf(result)).isEqualTo(JitErrorCodes.EMAIL_NOT_VERIFIED);
        assertThat(accounts.size()).isZero();
    }

    @Test
    void provisionWhenEmailVerifiedNeverAssertedThenRefused() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy(TestIdentities.ACME_IDP).subject("alice-0001")
                .attribute("email", "alice@acme.test").build();

        assertThat(codeOf(provisioner().provision(identity))).isEqualTo(JitErrorCodes.EMAIL_NOT_VERIFIED);
    }

    @Test
    void provisionWhenEmailDomainIsLookalikeThenDomainNotVerified() {
        for (String email : List.of("alice@\u0430cme.test", "alice@acme.test.evil.test", "alice@acrne.test",
                "alice@sub.acme.test", "alice@xn--cme-8cd.test")) {
            ProvisioningResult result = provisioner().provision(alice()
                    .attributes(a -> a.put("email", List.of(email))).build());
            assertThat(codeOf(result)).as(email).isEqualTo(JitErrorCodes.DOMAIN_NOT_VERIFIED);
        }
        assertThat(accounts.size()).isZero();
    }

    @Test
    void provisionWhenEmailDomainSpelledDifferentlyThenSameTenant() {
        for (String email : List.of("alice@ACME.TEST", "alice@acme.test.", "Alice@Acme.Test.")) {
            ProvisioningResult result = provisioner().provision(alice()
                    .attributes(a -> a.put("email", List.of(email))).build());
            assertThat(result.tenantId()).as(email).contains("acme");
        }
        assertThat(accounts.size()).isEqualTo(1);
    }

    @Test
    void provisionWhenIdnDomainVerifiedThenUnicodeEmailResolves() {
        domains.markVerified("acme", "b\u00fccher.test", false);

        ProvisioningResult result = provisioner().provision(alice()
                .attributes(a -> a.put("email", List.of("alice@B\u00dcCHER.test"))).build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(result.account().orElseThrow().email()).isEqualTo("alice@xn--bcher-kva.test");
    }

    @Test
    void provisionWhenAccountWithEmailExistsAndLinkingOffThenRefused() {
        Account invited = invite("acme", "alice@acme.test");

        ProvisioningResult result = provisioner().provision(alice().build());

        assertThat(codeOf(result)).isEqualTo(JitErrorCodes.LINK_NOT_ALLOWED);
        assertThat(accounts.findById(invited.id()).orElseThrow().identities()).isEmpty();
        assertThat(accounts.size()).isEqualTo(1);
    }

    @Test
    void provisionWhenLinkingByVerifiedEmailAllowedThenLinkedCaseInsensitively() {
        Account invited = invite("acme", "alice@acme.test");
        Provisioner provisioner = provisioner(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build());

        ProvisioningResult result = provisioner.provision(alice()
                .attributes(a -> a.put("email", List.of("ALICE@Acme.Test"))).build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.LINKED);
        Account linked = result.account().orElseThrow();
        assertThat(linked.id()).isEqualTo(invited.id());
        assertThat(linked.identities()).containsExactly(new ExternalIdentity(TestIdentities.ACME_IDP, "alice-0001"));
        assertThat(linked.roleNames()).containsExactly("developer", "member");
        assertThat(provisioner.provision(alice().build()).outcome()).isEqualTo(ProvisioningOutcome.UNCHANGED);
    }

    @Test
    void provisionWhenAccountLinkedToAnotherSubjectOfSameIssuerThenRefused() {
        Provisioner provisioner = provisioner(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build());
        provisioner.provision(alice().build());

        ProvisioningResult result = provisioner.provision(alice().subject("recycled-alice").build());

        assertThat(codeOf(result)).isEqualTo(JitErrorCodes.LINK_NOT_ALLOWED);
        assertThat(accounts.size()).isEqualTo(1);
    }

    @Test
    void provisionWhenTenantResolvedWithoutVerifiedDomainThenNoLinkByEmail() {
        invite("acme", "alice@acme.test");
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(TenantResolver.single(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build()))
                .userStore(store).auditSink(audit).clock(clock).build();

        assertThat(codeOf(provisioner.provision(alice().build()))).isEqualTo(JitErrorCodes.LINK_NOT_ALLOWED);
    }

    @Test
    void provisionWhenAnotherTenantHasAccountWithSameEmailThenNewAccountInOwnTenant() {
        Account other = invite("globex", "alice@acme.test");
        Provisioner provisioner = provisioner(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build(),
                TestTenants.globex().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build());

        ProvisioningResult result = provisioner.provision(alice().build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(result.account().orElseThrow().tenantId()).isEqualTo("acme");
        assertThat(accounts.findById(other.id()).orElseThrow().identities()).isEmpty();
    }

    @Test
    void provisionWhenEmailUnverifiedThenNeverLinkedNorStored() {
        invite("acme", "alice@acme.test");
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(TenantResolver.single(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL).build()))
                .userStore(store).auditSink(audit).clock(clock).build();

        ProvisioningResult result = provisioner.provision(alice().emailVerified(false).build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(result.account().orElseThrow().email()).isNull();
        assertThat(accounts.size()).isEqualTo(2);
    }

    @Test
    void provisionWhenJitDisabledThenUnknownPersonRefusedAndInvitedOneLinked() {
        Provisioner provisioner = provisioner(TestTenants.acme().jitEnabled(false)
                .linkPolicy(LinkPolicy.VERIFIED_EMAIL).build());

        assertThat(codeOf(provisioner.provision(alice().build()))).isEqualTo(JitErrorCodes.JIT_DISABLED);
        assertThat(accounts.size()).isZero();

        invite("acme", "alice@acme.test");
        assertThat(provisioner.provision(alice().build()).outcome()).isEqualTo(ProvisioningOutcome.LINKED);
    }

    @Test
    void provisionWhenRequiredGroupMissingThenRefusedOnFirstAndLaterLogins() {
        Provisioner provisioner = provisioner(TestTenants.acme().requireAnyGroup("acme-staff", "acme-contractors").build());
        assertThat(provisioner.provision(alice().build()).outcome()).isEqualTo(ProvisioningOutcome.CREATED);

        ProvisioningResult later = provisioner.provision(alice()
                .attributes(a -> a.put("groups", List.of("acme-eng-backend"))).build());

        assertThat(codeOf(later)).isEqualTo(JitErrorCodes.REQUIRED_GROUP_MISSING);
        assertThat(codeOf(provisioner.provision(alice().subject("no-groups").attributes(a -> {
            a.remove("groups");
            a.put("email", List.of("carol@acme.test"));
        }).build()))).isEqualTo(JitErrorCodes.REQUIRED_GROUP_MISSING);
    }

    @Test
    void provisionWhenIdpLeftGroupsOutThenRefusedWhereGroupsMapRolesAndTheRolesStay() {
        Provisioner provisioner = provisioner();
        Account before = provisioner.provision(alice().build()).account().orElseThrow();

        ProvisioningResult overage = provisioner.provision(alice().attributes(a -> a.remove("groups"))
                .groupsIncomplete(true).build());

        assertThat(codeOf(overage)).isEqualTo(JitErrorCodes.GROUPS_INCOMPLETE);
        assertThat(accounts.findById(before.id()).orElseThrow().roleNames()).isEqualTo(before.roleNames());
    }

    @Test
    void provisionWhenIdpLeftGroupsOutAndTenantIgnoresGroupsThenAccepted() {
        Tenant noGroupRules = TestTenants.acme().roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();

        ProvisioningResult result = provisioner(noGroupRules).provision(alice().groupsIncomplete(true).build());

        assertThat(result.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(result.roles()).containsExactly("member");
    }

    @Test
    void provisionWhenWorkloadAndTenantAllowsOnlyPeopleThenRefused() {
        VerifiedIdentity workload = VerifiedIdentity.issuedBy(TestIdentities.ACME_IDP).subject("ci-bot")
                .kind(IdentityKind.WORKLOAD).build();
        Tenant peopleOnly = TestTenants.acme().build();
        Tenant both = TestTenants.acme().allowedKinds(IdentityKind.HUMAN, IdentityKind.WORKLOAD).build();

        assertThat(codeOf(single(peopleOnly).provision(workload))).isEqualTo(JitErrorCodes.IDENTITY_KIND_NOT_ALLOWED);
        ProvisioningResult accepted = single(both).provision(workload);
        assertThat(accepted.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(accepted.account().orElseThrow().kind()).isEqualTo(IdentityKind.WORKLOAD);
    }

    @Test
    void provisionWhenSeatLimitReachedThenRefusedUntilASeatIsFreed() {
        Provisioner provisioner = provisioner(TestTenants.acme().seatLimit(1).build());
        Account first = provisioner.provision(alice().build()).account().orElseThrow();

        ProvisioningResult second = provisioner.provision(alice().subject("carol")
                .attributes(a -> a.put("email", List.of("carol@acme.test"))).build());

        assertThat(codeOf(second)).isEqualTo(JitErrorCodes.SEAT_LIMIT_REACHED);
        assertThat(provisioner.provision(alice().build()).outcome()).as("returning logins keep working")
                .isEqualTo(ProvisioningOutcome.UNCHANGED);
        accounts.disable(first.id());
        assertThat(provisioner.provision(alice().subject("carol")
                .attributes(a -> a.put("email", List.of("carol@acme.test"))).build()).outcome())
                .isEqualTo(ProvisioningOutcome.CREATED);
    }

    @Test
    void provisionWhenAccountDisabledThenRefused() {
        Provisioner provisioner = provisioner();
        Account account = provisioner.provision(alice().build()).account().orElseThrow();
        accounts.disable(account.id());

        ProvisioningResult result = provisioner.provision(alice().build());

        assertThat(codeOf(result)).isEqualTo(JitErrorCodes.ACCOUNT_DISABLED);
        assertThat(accounts.findById(account.id()).orElseThrow().active()).isFalse();
    }

    @Test
    void provisionWhenVerifiedEmailChangesThenAccountEmailFollows() {
        Provisioner provisioner = provisioner();
        provisioner.provision(alice().build());

        ProvisioningResult later = provisioner.provision(alice()
                .attributes(a -> a.put("email", List.of("alice.smith@acme.test"))).build());

        assertThat(later.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(later.account().orElseThrow().email()).isEqualTo("alice.smith@acme.test");
        assertThat(accounts.findByEmail("acme", "alice@acme.test")).isEmpty();
    }

    @Test
    void provisionWhenNewEmailBelongsToAnotherAccountThenRefusedAndNothingChanges() {
        Provisioner provisioner = provisioner();
        Account aliceAccount = provisioner.provision(alice().build()).account().orElseThrow();
        provisioner.provision(alice().subject("carol").attributes(a -> a.put("email", List.of("carol@acme.test"))).build());

        ProvisioningResult takeover = provisioner.provision(alice()
                .attributes(a -> a.put("email", List.of("carol@acme.test"))).build());

        assertThat(codeOf(takeover)).isEqualTo(JitErrorCodes.EMAIL_IN_USE);
        assertThat(accounts.findById(aliceAccount.id()).orElseThrow()).isEqualTo(aliceAccount);
    }

    @Test
    void provisionWhenSchemaRefusesThenEveryProblemIsListed() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy(TestIdentities.ACME_IDP).subject("s")
                .attribute("email", "a@acme.test", "b@acme.test").attribute("given_name", "x".repeat(300)).build();

        ProvisioningResult result = provisioner().provision(identity);

        assertThat(result.refusal().orElseThrow().errors()).extracting(JitError::code)
                .containsExactly(JitErrorCodes.ATTRIBUTE_NOT_SINGLE_VALUED, JitErrorCodes.ATTRIBUTE_TOO_LONG);
        assertThat(audit.last().errors()).hasSize(2);
    }

    @Test
    void provisionWhenRefusedAtAnyStepThenNoAccountAndNoWrite() {
        Provisioner provisioner = provisioner(TestTenants.acme().requireAnyGroup("acme-staff").build(),
                TestTenants.globex().jitEnabled(false).build());
        List<VerifiedIdentity> refused = List.of(
                alice().attributes(a -> a.put("email", List.of("not-an-email"))).build(),
                alice().emailVerified(false).build(),
                alice().attributes(a -> a.put("email", List.of("alice@unknown.test"))).build(),
                VerifiedIdentity.issuedBy(TestIdentities.ROGUE_IDP).subject("x").attribute("email", "x@acme.test")
                        .emailVerified(true).build(),
                alice().attributes(a -> a.put("groups", List.of("other"))).build(),
                bob().build(),
                alice().authnInstant(Instant.EPOCH).notOnOrAfter(Instant.EPOCH).build());

        for (VerifiedIdentity identity : refused) {
            assertThat(provisioner.provision(identity).refused()).as(identity.toString()).isTrue();
        }

        assertThat(accounts.size()).isZero();
        assertThat(store.writes()).isZero();
        assertThat(audit.events).hasSize(refused.size()).allMatch(e -> e.outcome() == AuditOutcome.REFUSED);
    }

    @Test
    void provisionWhenStoreFailsThenStoreExceptionAuditedAndNothingLeftBehind() {
        UserStore failing = new CountingUserStore(accounts) {
            @Override
            public Account create(NewAccount account, int seatLimit) {
                throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "database is down");
            }
        };
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(TestTenants.acme().build())))
                .userStore(failing).auditSink(audit).clock(clock).build();

        assertThatThrownBy(() -> provisioner.provision(alice().build()))
                .isInstanceOfSatisfying(JitStoreException.class,
                        e -> assertThat(e.code()).isEqualTo(JitErrorCodes.STORE_UNAVAILABLE));
        assertThat(accounts.size()).isZero();
        assertThat(audit.last().outcome()).isEqualTo(AuditOutcome.ERROR);
        assertThat(audit.last().code()).isEqualTo(JitErrorCodes.STORE_UNAVAILABLE);
    }

    @Test
    void provisionWhenAuditSinkThrowsThenLoginStillSucceeds() {
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(TestTenants.acme().build())))
                .userStore(store).clock(clock)
                .auditSink(event -> {
                    throw new IllegalStateException("audit backend down");
                })
                .build();

        assertThat(provisioner.provision(alice().build()).outcome()).isEqualTo(ProvisioningOutcome.CREATED);
    }

    @Test
    void buildWhenNoStoreThenRefused() {
        assertThatThrownBy(() -> Provisioner.builder().tenantResolver(TenantResolver.single(TestTenants.acme().build())).build())
                .isInstanceOf(NullPointerException.class).hasMessage("userStore cannot be null");
    }

    private Provisioner single(Tenant tenant) {
        return Provisioner.builder().tenantResolver(TenantResolver.single(tenant))
                .userStore(store).auditSink(audit).clock(clock).build();
    }

    /** An account an administrator created ahead of the first login, with no identity linked yet. */
    private Account invite(String tenantId, String email) {
        return accounts.create(new NewAccount(tenantId, email, IdentityKind.HUMAN, ValidatedAttributes.empty(),
                Set.of(), List.of(), clock.instant()), Tenant.UNLIMITED_SEATS);
    }
}

package io.jitprov.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.Account;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import io.jitprov.core.RecordingAuditSink;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.audit.AuditAction;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.core.audit.AuditOutcome;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.LinkPolicy;
import io.jitprov.core.tenant.TenantDirectory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Accounts pushed by a directory ahead of login: the login's rules, and what the first login finds. */
class PreprovisioningTests {

    private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    private final InMemoryUserStore accounts = new InMemoryUserStore(clock);
    private final RecordingAuditSink audit = new RecordingAuditSink();
    private final TenantDirectory tenants = TenantDirectory.of(TestTenants.acme().seatLimit(2).build(),
            TestTenants.globex().build());
    private final Preprovisioner preprovisioner = Preprovisioner.builder().tenants(tenants).userStore(accounts)
            .auditSink(audit).clock(clock).build();

    private static DirectoryEntry alice(String subject, String email) {
        return new DirectoryEntry("acme", new ExternalIdentity(TestIdentities.ACME_IDP, subject), IdentityKind.HUMAN,
                Map.of("email", List.of(email), "given_name", List.of("Alice")));
    }

    @Test
    void createWhenPushedThenDefaultRolesAnUnverifiedEmailAndTheFirstLoginFindsAndVerifiesIt() {
        ProvisioningResult pushed = preprovisioner.create(alice("alice-0001", "Alice@ACME.test"), AuditActor.directory("acme"));

        Account account = pushed.account().orElseThrow();
        assertThat(pushed.outcome()).isEqualTo(ProvisioningOutcome.CREATED);
        assertThat(account.roleNames()).containsExactly("member");
        assertThat(account.email()).isEqualTo("alice@acme.test");
        assertThat(account.emailVerified()).isFalse();
        assertThat(accounts.findByEmail("acme", "alice@acme.test")).contains(account);
        assertThat(account.attributes().first("email")).contains("alice@acme.test");
        assertThat(audit.events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.ACCOUNT_PREPROVISION);
            assertThat(e.actor()).isEqualTo(AuditActor.directory("acme"));
        });

        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), tenants))
                .userStore(accounts).auditSink(audit).clock(clock).build();
        ProvisioningResult login = provisioner.provision(TestIdentities.alice().build());
        assertThat(login.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(login.account().orElseThrow().id()).isEqualTo(account.id());
        assertThat(login.account().orElseThrow().email()).isEqualTo("alice@acme.test");
        assertThat(login.account().orElseThrow().emailVerified()).isTrue();
        assertThat(login.account().orElseThrow().roleNames()).containsExactlyInAnyOrder("member", "developer");
    }

    @Test
    void provisionWhenAnotherIdentityBringsAPushedAccountsEmailVerifiedThenNeverLinked() {
        Account pushed = preprovisioner.create(alice("alice-0001", "alice@acme.test"), AuditActor.directory("acme")).account()
                .orElseThrow();
        TenantDirectory linking = TenantDirectory.of(TestTenants.acme().linkPolicy(LinkPolicy.VERIFIED_EMAIL)
                .trustedIssuers(TestIdentities.ACME_IDP, "https://second-idp.acme.test").build());
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), linking))
                .userStore(accounts).auditSink(audit).clock(clock).build();

        ProvisioningResult result = provisioner.provision(VerifiedIdentity.issuedBy("https://second-idp.acme.test")
                .subject("mallory").attribute("email", "alice@acme.test").emailVerified(true).build());

        assertThat(result.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.LINK_NOT_ALLOWED);
        assertThat(result.refusal().orElseThrow().message()).contains("came from a directory");
        assertThat(accounts.findById(pushed.id()).orElseThrow().identities())
                .containsExactly(new ExternalIdentity(TestIdentities.ACME_IDP, "alice-0001"));
    }

    @Test
    void createWhenThePushedEmailBelongsToAnotherAccountThenEmailInUseAndNothingCreated() {
        preprovisioner.create(alice("alice-0001", "alice@acme.test"), null);

        ProvisioningResult again = preprovisioner.create(alice("alice-0002", "Alice@acme.test"), null);

        assertThat(again.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.EMAIL_IN_USE);
        assertThat(accounts.list("acme", null, 10)).hasSize(1);
    }

    @Test
    void replaceWhenTheDirectoryChangesAVerifiedEmailThenTheNewOneIsUnverifiedAndTheSameOneStaysVerified() {
        Account account = preprovisioner.create(alice("alice-0001", "alice@acme.test"), null).account().orElseThrow();
        accounts.update(account.withEmail("alice@acme.test", true));

        Account same = preprovisioner.replace(account.id(), alice("alice-0001", "alice@acme.test"), null).account()
                .orElseThrow();
        Account changed = preprovisioner.replace(account.id(), alice("alice-0001", "a.smith@acme.test"), null)
                .account().orElseThrow();

        assertThat(same.emailVerified()).isTrue();
        assertThat(changed.email()).isEqualTo("a.smith@acme.test");
        assertThat(changed.emailVerified()).isFalse();
        preprovisioner.create(alice("bob-0001", "bob@acme.test"), null);
        assertThat(preprovisioner.replace(account.id(), alice("alice-0001", "bob@acme.test"), null).refusal()
                .orElseThrow().code()).isEqualTo(JitErrorCodes.EMAIL_IN_USE);
    }

    @Test
    void aSecondPushOfTheSameIdentityIsRefusedAndCreatesNothing() {
        preprovisioner.create(alice("alice-0001", "alice@acme.test"), null);

        ProvisioningResult again = preprovisioner.create(alice("alice-0001", "alice@acme.test"), null);

        assertThat(again.refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.ACCOUNT_EXISTS);
        assertThat(accounts.list("acme", null, 10)).hasSize(1);
    }

    @Test
    void pushesFollowTheTenantsRulesAndTheSchema() {
        DirectoryEntry rogue = new DirectoryEntry("acme", new ExternalIdentity(TestIdentities.GLOBEX_IDP, "x"),
                IdentityKind.HUMAN, Map.of("email", List.of("x@acme.test")));
        DirectoryEntry workload = new DirectoryEntry("acme", new ExternalIdentity(TestIdentities.ACME_IDP, "ci"),
                IdentityKind.WORKLOAD, Map.of());
        DirectoryEntry noEmail = new DirectoryEntry("acme", new ExternalIdentity(TestIdentities.ACME_IDP, "y"),
                IdentityKind.HUMAN, Map.of("given_name", List.of("Y")));
        DirectoryEntry badEmail = alice("z", "not an email");
        DirectoryEntry nowhere = new DirectoryEntry("initech", new ExternalIdentity(TestIdentities.ACME_IDP, "q"),
                IdentityKind.HUMAN, Map.of("email", List.of("q@acme.test")));

        assertThat(preprovisioner.create(rogue, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ISSUER_NOT_TRUSTED_BY_TENANT);
        assertThat(preprovisioner.create(workload, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.IDENTITY_KIND_NOT_ALLOWED);
        assertThat(preprovisioner.create(noEmail, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ATTRIBUTE_MISSING);
        assertThat(preprovisioner.create(badEmail, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ATTRIBUTE_INVALID);
        assertThat(preprovisioner.create(nowhere, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.TENANT_NOT_FOUND);
        assertThat(accounts.list("acme", null, 10)).isEmpty();
        assertThat(audit.events).hasSize(5).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.REFUSED));
    }

    @Test
    void theSeatLimitHoldsForPushesToo() {
        preprovisioner.create(alice("a", "a@acme.test"), null);
        preprovisioner.create(alice("b", "b@acme.test"), null);

        assertThat(preprovisioner.create(alice("c", "c@acme.test"), null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.SEAT_LIMIT_REACHED);
    }

    @Test
    void replaceUpdatesAttributesAndRenamesTheIdentityButOnlyWithinTheTenant() {
        Account account = preprovisioner.create(alice("alice-0001", "alice@acme.test"), null).account().orElseThrow();

        ProvisioningResult renamed = preprovisioner.replace(account.id(), alice("alice.smith", "alice.smith@acme.test"),
                AuditActor.directory("acme"));
        assertThat(renamed.outcome()).isEqualTo(ProvisioningOutcome.UPDATED);
        assertThat(accounts.findByIdentity("acme", TestIdentities.ACME_IDP, "alice.smith")).isPresent();
        assertThat(accounts.findByIdentity("acme", TestIdentities.ACME_IDP, "alice-0001")).isEmpty();
        assertThat(renamed.account().orElseThrow().attributes().first("email")).contains("alice.smith@acme.test");

        assertThat(preprovisioner.replace(account.id(), alice("alice.smith", "alice.smith@acme.test"), null).outcome())
                .isEqualTo(ProvisioningOutcome.UNCHANGED);
        DirectoryEntry fromGlobex = new DirectoryEntry("globex", new ExternalIdentity(TestIdentities.GLOBEX_IDP, "e"),
                IdentityKind.HUMAN, Map.of("email", List.of("e@globex.test")));
        assertThat(preprovisioner.replace(account.id(), fromGlobex, null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ACCOUNT_NOT_FOUND);
    }

    @Test
    void renamingOntoAnotherAccountsIdentityIsRefused() {
        Account first = preprovisioner.create(alice("a", "a@acme.test"), null).account().orElseThrow();
        preprovisioner.create(alice("b", "b@acme.test"), null);

        assertThat(preprovisioner.replace(first.id(), alice("b", "a@acme.test"), null).refusal().orElseThrow().code())
                .isEqualTo(JitErrorCodes.ACCOUNT_EXISTS);
        assertThat(accounts.findByIdentity("acme", TestIdentities.ACME_IDP, "a")).isPresent();
    }
}

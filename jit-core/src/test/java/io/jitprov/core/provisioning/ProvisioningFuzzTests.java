package io.jitprov.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jitprov.core.Account;
import io.jitprov.core.FuzzBudget;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.TestIdentities;
import io.jitprov.core.TestTenants;
import io.jitprov.core.UserStore;
import io.jitprov.core.VerifiedIdentity;
import io.jitprov.core.attributes.AttributeDefinition;
import io.jitprov.core.attributes.AttributeSchema;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.internal.DomainNames;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.tenant.DomainClaimException;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.util.List;
import java.util.Optional;

/**
 * The attribute schema, tenant resolution and domain normalisation under fuzzing: any identity a
 * verifier could hand over ends in an account or a typed refusal, and any spelling of a domain
 * normalises to a plain host name or to nothing. In every build these run over the committed
 * inputs in {@code ProvisioningFuzzTestsInputs/}; {@code JAZZER_FUZZ=1} fuzzes one for real.
 */
class ProvisioningFuzzTests {

    private static final List<String> NAMES = List.of("email", "mail", "urn:oid:0.9.2342.19200300.100.1.3", "groups",
            "memberOf", "given_name", "family_name", "name", "email_verified", "contract_end", "status");

    /** Attributes of any names, counts and values, from a trusted or rogue issuer, as a person or a workload. */
    @FuzzTest(maxDuration = "2m")
    void identity(FuzzedDataProvider data) {
        Tenant acme = TestTenants.acme().allowedKinds(IdentityKind.HUMAN, IdentityKind.WORKLOAD)
                .accessEndAttribute("contract_end").statusAttribute("status", "active").build();
        AttributeSchema schema = AttributeSchema.standard().toBuilder()
                .attribute(AttributeDefinition.named("contract_end").build())
                .attribute(AttributeDefinition.named("status").build()).build();
        InMemoryUserStore accounts = new InMemoryUserStore();
        Provisioner provisioner = Provisioner.builder().schema(schema)
                .tenantResolver(DomainTenantResolver.of(TestTenants.verifiedDomains(), TenantDirectory.of(acme)))
                .userStore(accounts).auditSink(AuditSink.NONE).build();
        VerifiedIdentity built;
        try {
            VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy(data.pickValue(List.of(
                            TestIdentities.ACME_IDP, TestIdentities.ROGUE_IDP, data.consumeString(60))))
                    .subject(data.consumeString(80))
                    .emailVerified(data.consumeBoolean())
                    .kind(data.consumeBoolean() ? IdentityKind.HUMAN : IdentityKind.WORKLOAD);
            int count = data.consumeInt(0, 8);
            for (int i = 0; i < count; i++) {
                String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(40);
                identity.attribute(name, data.consumeString(120), data.consumeString(40));
            }
            built = identity.build();
        } catch (IllegalArgumentException refusedByTheBuilder) {
            return; // an empty issuer or subject: no verifier produces one
        }

        FuzzBudget.within(() -> assertAccountOrRefusal(provisioner.provision(built), accounts, acme));
    }

    private static void assertAccountOrRefusal(ProvisioningResult result, UserStore accounts, Tenant acme) {
        if (result.refused()) {
            assertThat(result.refusal().orElseThrow().errors()).isNotEmpty();
            assertThat(result.account()).isEmpty();
        } else {
            Account account = result.account().orElseThrow();
            assertThat(account.tenantId()).isEqualTo("acme");
            assertThat(accounts.findById(account.id())).isPresent();
            assertThat(acme.roleMapping().allowedRoles()).containsAll(account.roleNames());
        }
    }

    /** Any spelling of a domain: the result is a lower-case ASCII host name, stable when normalised again. */
    @FuzzTest(maxDuration = "2m")
    void domain(FuzzedDataProvider data) {
        String spelling = data.consumeRemainingAsString();
        FuzzBudget.within(() -> assertNormalizedOrRefused(spelling));
    }

    private static void assertNormalizedOrRefused(String spelling) {
        Optional<String> normalized = DomainNames.normalize(spelling);
        normalized.ifPresent(name -> {
            assertThat(name).matches("[a-z0-9.-]+").doesNotEndWith(".").contains(".");
            assertThat(DomainNames.normalize(name)).contains(name);
        });
        DomainRegistry registry = DomainRegistry.builder().dnsLookup(n -> List.of()).build();
        try {
            registry.markVerified("acme", spelling, false);
            assertThat(normalized).isPresent();
            assertThat(registry.tenantFor(normalized.get())).contains("acme");
        } catch (DomainClaimException refused) {
            assertThat(refused.error().code()).isEqualTo(JitErrorCodes.DOMAIN_INVALID);
        }
    }
}

package io.jitprov.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.provisioning.ProvisioningOutcome;
import io.jitprov.core.provisioning.ProvisioningResult;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the provisioner does with what the verifier hands over: email_verified decides. */
class OidcProvisioningTests {

    private final OidcVerifier verifier = OidcFixture.verifier(TestTokens.provider(TestTokens.RSA).build());
    private final InMemoryUserStore accounts = new InMemoryUserStore();
    private final Provisioner provisioner;

    OidcProvisioningTests() {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> java.util.List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains,
                        TenantDirectory.of(Tenant.withId("acme").trustedIssuers(TestTokens.ISSUER).build())))
                .userStore(accounts).auditSink(AuditSink.NONE).clock(Clock.fixed(TestTokens.NOW, ZoneOffset.UTC)).build();
    }

    private ProvisioningResult provision(Object emailVerified) {
        String token = TestTokens.sign(TestTokens.RSA, JWSAlgorithm.RS256, h -> h, TestTokens.with(
                TestTokens.aliceClaims(TestTokens.NOW), c -> c.claim("email_verified", emailVerified)));
        return provisioner.provision(verifier.verifyIdToken(token, IdTokenExpectations.nonce(TestTokens.NONCE)));
    }

    @Test
    void provisionWhenEmailVerifiedTrueThenAccountCreated() {
        assertThat(provision(true).outcome()).isEqualTo(ProvisioningOutcome.CREATED);
    }

    @Test
    void provisionWhenEmailVerifiedFalseOrAbsentThenEmailNotVerified() {
        assertThat(provision(false).refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.EMAIL_NOT_VERIFIED);
        assertThat(provision(null).refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.EMAIL_NOT_VERIFIED);
        assertThat(provision("yes").refusal().orElseThrow().code()).isEqualTo(JitErrorCodes.EMAIL_NOT_VERIFIED);
        assertThat(accounts.size()).isZero();
    }
}

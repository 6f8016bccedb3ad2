package io.jitprov.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import io.jitprov.servlet.TestApp;
import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestPerson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JitMeters counting real sign-ins through JitFilter in Jetty, and keeping its tags bounded. */
class JitMetersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double signIns(String... tags) {
        var counter = registry.find("jit.sign.ins").tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void signInsThroughTheFilterAreCountedByOutcomeCodeAndProtocolAndTheirVerificationTimed() throws Exception {
        TestPerson alice = TestPerson.withEmail("alice@acme.test").build();
        try (TestIdp idp = TestIdp.builder().signingInAs(alice).start();
                TestApp app = new TestApp(baseUrl -> login(baseUrl, idp))) {
            signIn(app, idp);
            signIn(app, idp);
            idp.failNext(TestIdp.Failure.EXPIRED);
            signIn(app, idp);
        }

        assertThat(signIns("protocol", "saml", "outcome", "created", "code", "none")).isEqualTo(1);
        assertThat(signIns("protocol", "saml", "outcome", "unchanged", "code", "none")).isEqualTo(1);
        assertThat(signIns("protocol", "saml", "outcome", "refused", "code", "assertion_expired")).isEqualTo(1);
        assertThat(registry.find("jit.sign.ins").tagKeys("tenant").counters()).as("no tenant tags unless asked").isEmpty();
        var accepted = registry.find("jit.sign.in.verification").tags("protocol", "saml", "result", "accepted").timer();
        assertThat(accepted.count()).isEqualTo(2);
        assertThat(accepted.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.find("jit.sign.in.verification").tags("result", "refused").timer().count()).isEqualTo(1);
    }

    @Test
    void tenantTagsWhenAskedStopAtTheirBoundAndTheRestShareOther() {
        JitMeters meters = JitMeters.builder(registry).tenantTags(2).build();
        for (String tenant : List.of("acme", "globex", "initech", "umbrella", "acme")) {
            meters.signIn(new JitObserver.SignIn(IdpRoute.Protocol.OIDC, "unchanged", null, tenant, Duration.ofMillis(3)));
        }

        assertThat(signIns("tenant", "acme")).isEqualTo(2);
        assertThat(signIns("tenant", "globex")).isEqualTo(1);
        assertThat(signIns("tenant", "other")).isEqualTo(2);
        assertThat(registry.find("jit.sign.ins").counters()).hasSize(3);
        assertThatIllegalArgumentException().isThrownBy(() -> JitMeters.builder(registry).tenantTags(0))
                .withMessage("maxTenants must be between 1 and 10000");
    }

    @Test
    void tagValuesFromOutsideAreBounded() {
        JitMeters meters = JitMeters.builder(registry).build();

        meters.signIn(new JitObserver.SignIn(IdpRoute.Protocol.SAML, "refused", "Custom Check: <b>no</b>", null,
                Duration.ZERO));
        meters.scimRequest("PROPFIND", 405);
        meters.scimRequest("PATCH", 200);

        assertThat(signIns("code", "other")).isEqualTo(1);
        assertThat(registry.find("jit.scim.requests").tags("method", "other", "status", "405").counter().count()).isEqualTo(1);
        assertThat(registry.find("jit.scim.requests").tags("method", "PATCH", "status", "200").counter().count()).isEqualTo(1);
    }

    private static void signIn(TestApp app, TestIdp idp) throws Exception {
        var login = app.post("/sso/login", Map.of("email", "alice@acme.test", "return", "/app/"));
        TestIdp.Answer answer = idp.answer(login.headers().firstValue("Location").orElseThrow());
        app.post(answer.url(), answer.fields());
    }

    private JitLogin login(String baseUrl, TestIdp idp) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(idp.samlEntityId())
                .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
        SamlServiceProvider sp = SamlServiceProvider.at(baseUrl + "/sso").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(idp.samlMetadata())
                .emailsVerified(true).build());
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(idp.samlEntityId()))
                .protectedPaths("/app/")
                .observer(JitMeters.builder(registry).build())
                .build();
    }
}

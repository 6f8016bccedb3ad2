package io.jitprov.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.AccessGrant;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.elevation.GrantStatus;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.oidc.OidcDiscoveryResolver;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlMetadataResolver;
import io.jitprov.saml.SamlMetadataSource;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import io.jitprov.servlet.TestApp;
import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestPerson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    @Test
    void readsOfWhatIdpsPublishAreCountedBySuccessAndFailure() throws Exception {
        JitMeters meters = JitMeters.builder(registry).build();
        try (TestIdp idp = TestIdp.builder().start()) {
            SamlMetadataResolver saml = SamlMetadataResolver.builder().refreshListener(meters)
                    .source(SamlMetadataSource.url(URI.create(idp.samlMetadataUrl())).entityId(idp.samlEntityId())
                            .allowInsecureHttp().build()).build();
            OidcDiscoveryResolver oidc = OidcDiscoveryResolver.builder().refreshListener(meters)
                    .discover(idp.oidcIssuer(), provider -> provider.clientId(idp.clientId())).build();

            assertThat(saml.find(idp.samlEntityId())).isPresent();
            OidcProvider provider = oidc.find(idp.oidcIssuer()).orElseThrow();
            provider.jwks().current();
            idp.down();
            assertThat(saml.refreshKeys(idp.samlEntityId())).as("the copy kept").isPresent();
            assertThat(provider.jwks().refreshForUnknownKey()).isEmpty();
        }

        assertThat(refreshes("saml_metadata", "success")).isEqualTo(1);
        assertThat(refreshes("saml_metadata", "failure")).isEqualTo(1);
        assertThat(refreshes("oidc_discovery", "success")).isEqualTo(1);
        assertThat(refreshes("jwks", "success")).isEqualTo(1);
        assertThat(refreshes("jwks", "failure")).isEqualTo(1);
    }

    @Test
    void activeGrantsAreCountedInTheStoresJitIsBuiltOnAndAStoreThatFailsGivesNoNumber() throws Exception {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        JitStores stores = JitStores.inMemory(Clock.fixed(now, ZoneOffset.UTC));
        JitMeters meters = JitMeters.builder(registry).build();
        try (TestIdp idp = TestIdp.builder().start()) {
            login("https://app.example", idp, meters, stores);
        }
        assertThat(activeGrants()).isZero();

        stores.grantStore().create(grant("db-admin", now.minus(Duration.ofMinutes(10))));
        stores.grantStore().create(grant("auditor", now.minus(Duration.ofHours(2))));
        assertThat(activeGrants()).as("the grant past its expiry gives nothing").isEqualTo(1);

        GrantHistory broken = (GrantHistory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GrantHistory.class}, (proxy, method, args) -> {
                    throw new JitStoreException(JitErrorCodes.STORE_UNAVAILABLE, "database down");
                });
        meters.started(stores.toBuilder().grantStore(broken).build());
        assertThat(activeGrants()).isNaN();
    }

    private static AccessGrant grant(String role, Instant activatedAt) {
        return new AccessGrant(UUID.randomUUID().toString(), "acme", "account-1", role, GrantStatus.PENDING,
                activatedAt, Duration.ofHours(1), "INC-7", null, null, List.of(), null, null, null, null, null, 0)
                .activated(activatedAt);
    }

    private double activeGrants() {
        return registry.get("jit.grants.active").gauge().value();
    }

    private double refreshes(String document, String result) {
        var counter = registry.find("jit.idp.refreshes").tags("document", document, "result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void signIn(TestApp app, TestIdp idp) throws Exception {
        var login = app.post("/sso/login", Map.of("email", "alice@acme.test", "return", "/app/"));
        TestIdp.Answer answer = idp.answer(login.headers().firstValue("Location").orElseThrow());
        app.post(answer.url(), answer.fields());
    }

    private JitLogin login(String baseUrl, TestIdp idp) {
        return login(baseUrl, idp, JitMeters.builder(registry).build(), null);
    }

    private static JitLogin login(String baseUrl, TestIdp idp, JitMeters meters, JitStores stores) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(idp.samlEntityId())
                .roleMapping(RoleMapping.builder().defaultRoles("member").build()).build();
        SamlServiceProvider sp = SamlServiceProvider.at(baseUrl + "/sso").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(idp.samlMetadata())
                .emailsVerified(true).build());
        JitLogin.Builder login = JitLogin.builder();
        if (stores != null) {
            login.stores(stores);
        }
        return login.baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, TenantDirectory.of(acme)))
                        .userStore(new InMemoryUserStore()).auditSink(AuditSink.NONE).build())
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(idp.samlEntityId()))
                .protectedPaths("/app/")
                .observer(meters)
                .build();
    }
}

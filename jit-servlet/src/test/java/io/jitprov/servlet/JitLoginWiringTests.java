package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.jdbc.JdbcStores;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * One wiring value: with stores several nodes share, no component may quietly keep its own in memory;
 * and the endpoints jit serves are the ones its service provider announces.
 */
class JitLoginWiringTests {

    private static final String BASE = "https://app.example";

    private final SamlServiceProvider sp = SamlServiceProvider.withEntityId(BASE + "/sso/saml")
            .acsUrl(BASE + "/sso/saml/acs").build();
    private final SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(
            IdpSide.metadata()).build());

    private static JitStores shared() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:wiring-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcSchema.install(h2);
        return JdbcStores.of(h2);
    }

    private JitLogin.Builder login(JitStores stores, SamlVerifier verifier) {
        return login(stores, verifier, sp);
    }

    private JitLogin.Builder login(JitStores stores, SamlVerifier verifier, SamlServiceProvider serviceProvider) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        return JitLogin.builder().stores(stores).baseUrl(BASE).domains(domains)
                .provisioner(stores.provisioner().tenantResolver(DomainTenantResolver.of(domains,
                        TenantDirectory.of(Tenant.withId("acme").trustedIssuers(IdpSide.IDP).build()))).build())
                .saml(serviceProvider, idps, verifier);
    }

    @Test
    void buildWhenSharedStoresAndAVerifierOnItsOwnInMemoryReplayCacheThenRefused() {
        JitStores stores = shared();
        SamlVerifier forgotten = SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build();

        assertThatIllegalArgumentException().isThrownBy(() -> login(stores, forgotten).build())
                .withMessageContaining("the SAML verifier's replay cache");
    }

    @Test
    void buildWhenEveryComponentTookTheSharedStoresThenTheFilterIsBuilt() {
        JitStores stores = shared();
        SamlVerifier verifier = SamlVerifier.builder().stores(stores).serviceProvider(sp).identityProviders(idps).build();

        assertThat(login(stores, verifier).build()).isNotNull();
        assertThat(verifier.replayCache()).isSameAs(stores.replayCache());
    }

    @Test
    void buildWhenStoresAreOneJvmsThenInMemoryComponentsAreFine() {
        JitStores stores = JitStores.inMemory();
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build();

        assertThat(login(stores, verifier).build()).isNotNull();
    }

    @Test
    void buildWhenTheServiceProviderWasDerivedFromBaseUrlAndBasePathThenItsEndpointsAreServed() {
        JitStores stores = JitStores.inMemory();
        SamlServiceProvider derived = SamlServiceProvider.at(BASE + "/sso").build();
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(derived).identityProviders(idps).build();

        assertThat(login(stores, verifier, derived).build()).isNotNull();
        assertThat(derived.acsUrl()).isEqualTo(BASE + "/sso/saml/acs");
        assertThat(derived.sloUrl()).contains(BASE + "/sso/saml/slo");
    }

    @Test
    void buildWhenTheAcsUrlIsNotTheOneServedThenRefusedNamingTheRightOne() {
        JitStores stores = JitStores.inMemory();
        SamlServiceProvider elsewhere = SamlServiceProvider.withEntityId(BASE + "/sso/saml")
                .acsUrl(BASE + "/saml/acs").build();
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(elsewhere).identityProviders(idps).build();

        assertThatIllegalArgumentException().isThrownBy(() -> login(stores, verifier, elsewhere).build())
                .withMessageContaining("ACS URL must be [" + BASE + "/sso/saml/acs]")
                .withMessageContaining("SamlServiceProvider.at(\"" + BASE + "/sso\")");
    }

    @Test
    void buildWhenTheSingleLogoutUrlIsNotTheOneServedThenRefused() {
        JitStores stores = JitStores.inMemory();
        // Metadata would send the IdP's LogoutRequests where nothing answers them.
        SamlServiceProvider elsewhere = SamlServiceProvider.withEntityId(BASE + "/sso/saml")
                .acsUrl(BASE + "/sso/saml/acs").sloUrl(BASE + "/logout").build();
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(elsewhere).identityProviders(idps).build();

        assertThatIllegalArgumentException().isThrownBy(() -> login(stores, verifier, elsewhere).build())
                .withMessageContaining("single logout URL must be [" + BASE + "/sso/saml/slo]");
    }

    @Test
    void buildWhenARouteNeedsAProtocolThatIsNotConfiguredThenRefused() {
        JitStores stores = JitStores.inMemory();
        SamlVerifier verifier = SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build();

        assertThatIllegalArgumentException().isThrownBy(() -> login(stores, verifier)
                .route("acme", IdpRoute.oidc("https://op.acme.test")).build())
                .withMessageContaining("Tenant [acme] signs in through OIDC, which is not configured");
    }
}

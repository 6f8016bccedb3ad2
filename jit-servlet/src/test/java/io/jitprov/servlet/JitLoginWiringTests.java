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

/** One wiring value: with stores several nodes share, no component may quietly keep its own in memory. */
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
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        return JitLogin.builder().stores(stores).baseUrl(BASE).domains(domains)
                .provisioner(stores.provisioner().tenantResolver(DomainTenantResolver.of(domains,
                        TenantDirectory.of(Tenant.withId("acme").trustedIssuers(IdpSide.IDP).build()))).build())
                .saml(sp, idps, verifier);
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
}

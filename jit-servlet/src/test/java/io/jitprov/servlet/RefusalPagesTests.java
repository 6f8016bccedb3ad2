package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlVerifier;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a person whose sign-in is refused reads: a plain sentence, what to do, the reference; never the details. */
class RefusalPagesTests {

    /** Codes no person reads on a page: delegation, the registry, domain claims (APIs and the setup pages say them). */
    private static final Set<String> NOT_SIGN_IN = Set.of(JitErrorCodes.ENTRY_EXISTS,
            JitErrorCodes.ENTRY_NOT_FOUND, JitErrorCodes.VERSION_MISMATCH, JitErrorCodes.TENANT_NOT_EMPTY,
            JitErrorCodes.DOMAIN_INVALID, JitErrorCodes.DOMAIN_ALREADY_CLAIMED, JitErrorCodes.DOMAIN_NOT_ALLOWED,
            JitErrorCodes.DOMAIN_PROOF_NOT_FOUND, JitErrorCodes.DOMAIN_NOT_CLAIMED, JitErrorCodes.ACCOUNT_EXISTS,
            JitErrorCodes.DELEGATION_NOT_ALLOWED, JitErrorCodes.DELEGATION_NOT_FOUND, JitErrorCodes.ACCOUNT_NOT_FOUND,
            JitErrorCodes.LOGOUT_TOKEN_INVALID);

    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    private static JitLogin login(String baseUrl) {
        return withoutIdps(baseUrl).build();
    }

    /** One tenant and no IdP: what a refusal before any IdP is asked needs. */
    static JitLogin.Builder withoutIdps(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        SamlServiceProvider sp = SamlServiceProvider.at(baseUrl + "/sso").build();
        SamlIdentityProviders none = SamlIdentityProviders.of(List.of());
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains,
                        TenantDirectory.of(Tenant.withId("acme").build()))).userStore(new InMemoryUserStore())
                        .auditSink(AuditSink.NONE).build())
                .auditSink(AuditSink.NONE)
                .saml(sp, none, SamlVerifier.builder().serviceProvider(sp).identityProviders(none).build());
    }

    @Test
    void everyCodeAPersonCanMeetHasASentenceAndANextStep() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Field field : JitErrorCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String code = (String) field.get(null);
                if (!NOT_SIGN_IN.contains(code) && (Refusals.words(code).isEmpty()
                        || Refusals.words(code + ".next").isEmpty())) {
                    missing.add(code);
                }
            }
        }
        assertThat(missing).as("codes a refused person would read nothing plain for").isEmpty();
    }

    @Test
    void pageWhenResponseCannotBeReadThenPlainSentenceNextStepAndReference() throws Exception {
        app = new TestApp(RefusalPagesTests::login);

        HttpResponse<String> page = app.post("/sso/saml/acs", Map.of("SAMLResponse",
                Base64.getEncoder().encodeToString("<not-saml/>".getBytes())));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Your organisation&#39;s sign-in service sent an answer this application could"
                + " not read.").contains("<strong>What to do:</strong> Start again from this application&#39;s sign-in"
                + " page.").containsPattern("Reference: <code>[0-9a-f-]{36}</code> \\(reason <code>malformed_message</code>\\)")
                .doesNotContain("Exception").doesNotContain("not-saml");
    }

    @Test
    void pageWhenResponseFromAnUnknownIdpThenItsNameIsNotEchoed() throws Exception {
        app = new TestApp(RefusalPagesTests::login);
        String response = IdpSide.response(app.baseUrl + "/sso/saml", app.baseUrl + "/sso/saml/acs", null, "s",
                "alice@acme.test", List.of());

        HttpResponse<String> page = app.post("/sso/saml/acs", Map.of("SAMLResponse", response));

        assertThat(page.body()).contains("The answer came from a sign-in service this application does not know.")
                .doesNotContain(IdpSide.IDP).doesNotContain("alice@acme.test");
    }
}

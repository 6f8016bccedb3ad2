package io.jitprov.servlet;

import static io.jitprov.servlet.JitFilterSamlTests.enc;
import static io.jitprov.servlet.JitFilterSamlTests.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.elevation.GrantHistory;
import io.jitprov.core.memory.InMemoryGrantStore;
import io.jitprov.core.memory.InMemoryUserStore;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.provisioning.Preprovisioner;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.review.AccessReview;
import io.jitprov.core.tenant.ApprovalRequirement;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.ElevationRule;
import io.jitprov.core.tenant.RoleMapping;
import io.jitprov.core.tenant.RoleRule;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.OtherIdp;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * A deployment with more than one identity provider, as the threat model has it:
 *
 * <ul>
 *   <li>tenant {@code acme} ({@code acme.test}) trusts {@link IdpSide#IDP} (its SCIM endpoint's
 *       issuer) and a second IdP of its own, {@link #ACME_SECOND}, whose metadata offers single
 *       logout by HTTP-POST only (as Keycloak's "Logout Service POST Binding URL" does);</li>
 *   <li>tenant {@code evil} ({@code evil.test}) trusts {@link #ROGUE}, an IdP the attacker runs;</li>
 *   <li>tenant {@code initech} ({@code initech.test}) trusts {@link #ARTIFACT}, whose metadata offers
 *       SSO by HTTP-Artifact only.</li>
 * </ul>
 *
 * The application's own servlets are at {@code /app/*} (protected) and {@code /} (public).
 */
final class FreshEyesApp implements AutoCloseable {

    static final String SCIM_TOKEN = "acme-scim-token-0123456789abcdefghijklmn";
    static final OtherIdp ACME_SECOND = new OtherIdp("https://idp2.acme.test/saml", "idp2.acme.test",
            OtherIdp.Shape.SLO_POST_ONLY);
    static final OtherIdp ROGUE = new OtherIdp("https://idp.evil.test/saml", "idp.evil.test", OtherIdp.Shape.FULL);
    static final OtherIdp ARTIFACT = new OtherIdp("https://idp.initech.test/saml", "idp.initech.test",
            OtherIdp.Shape.SSO_ARTIFACT_ONLY);

    final InMemoryUserStore accounts = new InMemoryUserStore();
    final GrantHistory grants;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final TestApp app;

    FreshEyesApp() throws Exception {
        this(new InMemoryGrantStore());
    }

    /** With {@code grants} as the grant store (a JDBC one, say). */
    FreshEyesApp(GrantHistory grants) throws Exception {
        this.grants = grants;
        app = new TestApp(this::login, "", context -> {
            context.addServlet(new ServletHolder(new AttackedApp.Page(AttackedApp.APP_PAGE)), "/app/*");
            context.addServlet(new ServletHolder(new AttackedApp.Page(AttackedApp.PUBLIC_PAGE)), "/");
        }, false);
    }

    private JitLogin login(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        domains.markVerified("evil", "evil.test", false);
        domains.markVerified("initech", "initech.test", false);
        RoleMapping roles = RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member")
                .build();
        Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP, ACME_SECOND.entityId()).roleMapping(roles)
                .elevation(ElevationRule.forRole("db-admin").eligibleGroups("acme-eng").approvals(ApprovalRequirement.ONE)
                        .approverRoles("admin").build(),
                        ElevationRule.forRole("support").eligibleGroups("acme-eng").build())
                .build();
        Tenant evil = Tenant.withId("evil").trustedIssuers(ROGUE.entityId()).roleMapping(roles).build();
        Tenant initech = Tenant.withId("initech").trustedIssuers(ARTIFACT.entityId()).roleMapping(roles).build();
        TenantDirectory tenants = TenantDirectory.of(acme, evil, initech);
        AuditSink sink = audit::add;
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml")
                .acsUrl(baseUrl + "/sso/saml/acs").sloUrl(baseUrl + "/sso/saml/slo").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(
                SamlMetadata.parseIdentityProvider(IdpSide.metadata()).emailsVerified(true).groupAttributes("memberOf")
                        .wantAuthnRequestsSigned(false).build(),
                SamlMetadata.parseIdentityProvider(ACME_SECOND.metadata()).emailsVerified(true)
                        .groupAttributes("memberOf").build(),
                SamlMetadata.parseIdentityProvider(ROGUE.metadata()).emailsVerified(true).groupAttributes("memberOf")
                        .build(),
                SamlMetadata.parseIdentityProvider(ARTIFACT.metadata()).emailsVerified(true).build());
        Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts).grantStore(grants)
                .auditSink(sink).build();
        ScimProvisioning scim = ScimProvisioning.builder()
                .preprovisioner(Preprovisioner.builder().tenants(tenants).userStore(accounts).auditSink(sink).build())
                .deprovisioner(Deprovisioner.builder().userStore(accounts).elevation(elevation).auditSink(sink).build())
                .userStore(accounts).tenant("acme", IdpSide.IDP, SCIM_TOKEN).build();
        return JitLogin.builder().baseUrl(baseUrl).domains(domains)
                .provisioner(Provisioner.builder().tenantResolver(DomainTenantResolver.of(domains, tenants))
                        .userStore(accounts).auditSink(sink).build())
                .auditSink(sink).userStore(accounts).elevation(elevation).scim(scim)
                .accessReview(AccessReview.builder().userStore(accounts).grantStore(grants).build(), "admin")
                .saml(sp, idps, SamlVerifier.builder().serviceProvider(sp).identityProviders(idps).build())
                .samlSingleLogout(SamlSingleLogout.builder().serviceProvider(sp).identityProviders(idps).build())
                .route("acme", IdpRoute.saml(IdpSide.IDP))
                .route("evil", IdpRoute.saml(ROGUE.entityId()))
                .route("initech", IdpRoute.saml(ARTIFACT.entityId()))
                .protectedPaths("/app/")
                .build();
    }

    /** The AuthnRequest ID and the RelayState of the redirect {@code start} sends the browser to the IdP with. */
    static String[] requestOf(HttpResponse<String> start) throws Exception {
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        Map<String, String> query = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
        Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(JitFilterSamlTests.inflate(query.get("SAMLRequest")));
        assertThat(id.find()).isTrue();
        return new String[] {id.group(1), query.get("RelayState")};
    }

    /** Signs {@code browser} in through {@code idp} (null: {@link IdpSide}) as {@code subject}; returns the ACS answer. */
    HttpResponse<String> signIn(TestApp browser, OtherIdp idp, String subject, String email, List<String> groups)
            throws Exception {
        String entityId = idp == null ? IdpSide.IDP : idp.entityId();
        String[] request = requestOf(browser.get("/sso/saml/login?idp=" + enc(entityId) + "&return=" + enc("/app/")));
        String response = idp == null
                ? IdpSide.response(browser.baseUrl + "/sso/saml", browser.baseUrl + "/sso/saml/acs", request[0], subject,
                        email, groups)
                : idp.response(browser.baseUrl + "/sso/saml", browser.baseUrl + "/sso/saml/acs", request[0], subject,
                        email, groups);
        return browser.post("/sso/saml/acs", Map.of("SAMLResponse", response, "RelayState", request[1]));
    }

    /** Who the application believes {@code browser} is: the {@code user=} its page shows, or null when challenged. */
    static String whoIs(TestApp browser) throws Exception {
        HttpResponse<String> page = browser.get("/app/");
        if (page.statusCode() != 200) {
            return null;
        }
        Matcher user = Pattern.compile("user=(\\S+)").matcher(page.body());
        return user.find() ? user.group(1) : null;
    }

    String accountOf(String tenant, String issuer, String subject) {
        return accounts.findByIdentity(tenant, issuer, subject).orElseThrow().id();
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}

package io.jitprov.servlet;

import io.jitprov.core.audit.AuditEvent;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.Elevation;
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
import io.jitprov.core.tenant.StepUp;
import io.jitprov.core.tenant.Tenant;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.saml.IdpSide;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The application the attack tests aim at, deployed as docs/servlet.md shows: JitFilter in front of
 * everything, the application's own servlets mapped at {@code /app/*} and {@code /admin/*}
 * (both protected) and a public default servlet at {@code /}; SAML sign-in, elevation with
 * approval, the access review and SCIM all switched on, everything audited.
 */
final class AttackedApp implements AutoCloseable {

    static final String SCIM_TOKEN = "acme-scim-token-0123456789abcdefghijklmn";
    static final String ADMIN_PAGE = "ADMIN SERVLET";
    static final String APP_PAGE = "APP SERVLET";
    static final String PUBLIC_PAGE = "PUBLIC SERVLET";
    static final String MFA = "urn:acme:mfa";

    final InMemoryUserStore accounts = new InMemoryUserStore();
    final InMemoryGrantStore grants = new InMemoryGrantStore();
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final TestApp app;
    private final String description;

    /**
     * @param contextPath where the application is deployed ({@code ""} for the root)
     * @param permissive whether Jetty lets ambiguous URIs through to the filter, as laxer containers do
     */
    AttackedApp(String contextPath, boolean permissive) throws Exception {
        description = (contextPath.isEmpty() ? "root" : contextPath) + (permissive ? ", permissive Jetty" : ", strict Jetty");
        app = new TestApp(this::login, contextPath, context -> {
            context.addServlet(new ServletHolder(new Page(ADMIN_PAGE)), "/admin/*");
            context.addServlet(new ServletHolder(new Page(APP_PAGE)), "/app/*");
            context.addServlet(new ServletHolder(new Page(PUBLIC_PAGE)), "/");
        }, permissive);
    }

    AttackedApp() throws Exception {
        this("", false);
    }

    private JitLogin login(String baseUrl) {
        DomainRegistry domains = DomainRegistry.builder().dnsLookup(name -> List.of()).build();
        domains.markVerified("acme", "acme.test", false);
        Tenant acme = Tenant.withId("acme").trustedIssuers(IdpSide.IDP)
                .roleMapping(RoleMapping.builder().rule(RoleRule.exact("acme-admins", "admin")).defaultRoles("member")
                        .build())
                .elevation(ElevationRule.forRole("db-admin").eligibleGroups("acme-eng").justificationRequired(true)
                                .approvals(ApprovalRequirement.ONE).approverRoles("admin").build(),
                        ElevationRule.forRole("deployer").eligibleGroups("acme-eng")
                                .stepUp(StepUp.within(Duration.ofMinutes(5)).contexts(MFA)).build())
                .build();
        TenantDirectory tenants = TenantDirectory.of(acme);
        AuditSink sink = audit::add;
        SamlServiceProvider sp = SamlServiceProvider.withEntityId(baseUrl + "/sso/saml")
                .acsUrl(baseUrl + "/sso/saml/acs").sloUrl(baseUrl + "/sso/saml/slo").build();
        SamlIdentityProviders idps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(IdpSide.metadata())
                .emailsVerified(true).groupAttributes("memberOf").wantAuthnRequestsSigned(false).build());
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
                .protectedPaths("/app/", "/admin/")
                .build();
    }

    /** Signs {@code browser} in as {@code subject} of acme with {@code groups}. */
    static void signIn(TestApp browser, String subject, List<String> groups) throws Exception {
        JitFilterElevationTests.signIn(browser, subject, subject + "@acme.test", groups,
                "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
    }

    /** An application page that says which servlet answered and who it believes is signed in. */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String name;

        Page(String name) {
            this.name = name;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print(name + " user=" + request.getRemoteUser() + " csrf="
                    + request.getAttribute(JitFilter.CSRF_TOKEN));
        }
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}

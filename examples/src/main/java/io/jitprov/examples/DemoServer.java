package io.jitprov.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.config.JitAdminApi;
import io.jitprov.config.JitConfigFile;
import io.jitprov.config.JitRegistry;
import io.jitprov.config.SetupLink;
import io.jitprov.config.setup.JitSetup;
import io.jitprov.core.Account;
import io.jitprov.core.UserDirectory;
import io.jitprov.core.audit.AuditSink;
import io.jitprov.core.elevation.Elevation;
import io.jitprov.core.provisioning.AccessSweeper;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.provisioning.Provisioner;
import io.jitprov.core.tenant.DomainRegistry;
import io.jitprov.core.tenant.DomainTenantResolver;
import io.jitprov.core.tenant.TenantDirectory;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.core.wiring.OutboundPolicy;
import io.jitprov.examples.devidp.DevIdps;
import io.jitprov.jdbc.JdbcAuditSink;
import io.jitprov.jdbc.JdbcDomainStore;
import io.jitprov.jdbc.JdbcRegistryStore;
import io.jitprov.jdbc.JdbcSchema;
import io.jitprov.jdbc.JdbcStores;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.ScimProvisioning;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.SessionTrackingMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The demo SaaS application in Jetty 12 on 127.0.0.1: JitFilter in front, exactly as an
 * application would use it, two demo tenants in the registry, an embedded H2 database, the admin
 * API, and the development IdP in the same process (only when no configuration file is given).
 */
public final class DemoServer implements AutoCloseable {

    private final Server server = new Server();
    private final @Nullable HikariDataSource dataSource;
    private final String origin;
    private @Nullable DevIdps idps;
    private @Nullable String scimToken;
    private @Nullable String adminToken;
    private @Nullable String setupLink;

    private DemoServer(String origin, @Nullable HikariDataSource dataSource) {
        this.origin = origin;
        this.dataSource = dataSource;
    }

    /**
     * The demo on embedded defaults: H2 under {@code dataDirectory}, the development IdP, and two
     * tenants kept in the registry, which tenants' admins change on the admin page.
     */
    public static DemoServer startDemo(int port, Path dataDirectory) throws Exception {
        String origin = "http://127.0.0.1:" + port;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dataDirectory.resolve("jit").toAbsolutePath());
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        JdbcSchema.install(dataSource);
        DemoServer demo = new DemoServer(origin, dataSource);
        DevIdps idps = DevIdps.start(port);
        demo.idps = idps;
        // Every store in the one database, handed to each component once; decisions go to the log too.
        JdbcAuditSink trail = JdbcAuditSink.of(dataSource);
        JitStores stores = JdbcStores.of(dataSource).toBuilder().auditSink(audit(trail)).build();
        JitRegistry registry = JitRegistry.builder().store(JdbcRegistryStore.of(dataSource))
                .domains(DomainRegistry.builder().store(JdbcDomainStore.of(dataSource)).build())
                // The development IdP answers on this machine, over http: a real deployment keeps the default.
                .outboundPolicy(OutboundPolicy.builder().allowHttp().allow("127.0.0.0/8").build())
                .auditSink(audit(trail)).build();
        DemoTenants.seed(registry, idps.main());
        demo.setupLink = DemoTenants.umbrellaSetupLink(registry).url(origin + "/sso");
        TenantDirectory tenants = registry.tenants();
        Elevation elevation = stores.elevation().tenants(tenants).build();
        Deprovisioner deprovisioner = stores.deprovisioner().elevation(elevation).build();
        demo.scimToken = randomToken();
        demo.adminToken = randomToken();
        ScimProvisioning scim = ScimProvisioning.builder().deprovisioner(deprovisioner).userStore(stores.userStore())
                .preprovisioner(stores.preprovisioner().tenants(tenants).build())
                .tenant("acme", idps.main().samlEntityId(), demo.scimToken)
                .build();
        JitLogin login = demoLogin(origin, registry, stores, deprovisioner).elevation(elevation).scim(scim)
                .accessSweeper(AccessSweeper.builder().elevation(elevation)
                        .accounts(tenants, stores.userStore(), deprovisioner).build())
                .accessReview(stores.accessReview().build(), "admin")
                .mount(JitAdminApi.PATH, JitAdminApi.builder(registry)
                        .token("demo", JitAdminApi.hashToken(demo.adminToken)).auditTrail(trail).build())
                .mount(SetupLink.PATH, JitSetup.builder(registry).productName("jit demo").auditTrail(trail).build())
                .closeOnStop(registry)
                .build();
        demo.start(port, login, new DemoPagesServlet(stores.userStore(), trail, elevation,
                tenant -> accountsOf(stores.userStore(), tenant), new ConnectionsSection(registry)));
        return demo;
    }

    /** The demo application in front of the identity providers a configuration file names. */
    public static DemoServer startWithConfig(int port, Path configFile) throws Exception {
        DemoServer demo = new DemoServer("http://127.0.0.1:" + port, null);
        demo.start(port, io.jitprov.config.JitConfigFile.load(configFile).build(),
                new DemoPagesServlet(null, null, null, null, null));
        return demo;
    }

    private static AuditSink audit(JdbcAuditSink trail) {
        return event -> {
            AuditSink.slf4j().record(event);
            trail.record(event);
        };
    }

    /** A fresh SCIM token per run: the demo prints it, nothing stores it. */
    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static JitLogin.Builder demoLogin(String origin, JitRegistry registry, JitStores stores,
            Deprovisioner deprovisioner) {
        Provisioner provisioner = stores.provisioner()
                .tenantResolver(DomainTenantResolver.of(registry.domains(), registry.tenants()))
                .deprovisioner(deprovisioner).build();
        SamlServiceProvider sp = SamlServiceProvider.at(origin + "/sso").build();
        SamlIdentityProviders samlIdps = registry.samlIdentityProviders();
        OidcVerifier oidcVerifier = OidcVerifier.builder().stores(stores).providers(registry.oidcProviders()).build();
        return JitLogin.builder().stores(stores).baseUrl(origin).domains(registry.domains()).provisioner(provisioner)
                .saml(sp, samlIdps, SamlVerifier.builder().stores(stores).serviceProvider(sp).identityProviders(samlIdps)
                        .build())
                .samlSingleLogout(SamlSingleLogout.builder().stores(stores).serviceProvider(sp)
                        .identityProviders(samlIdps).build())
                .oidc(OidcLogin.builder().providers(registry.oidcProviders()).verifier(oidcVerifier).build(), oidcVerifier)
                .routes(registry.routes())
                .protectedPaths("/app/", "/admin/")
                .postLoginPath("/app/");
    }

    private void start(int port, JitLogin login, DemoPagesServlet pages) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        // The development IdPs listen on 127.0.0.1 too, so their POST back to the ACS is same-site and
        // Lax is enough. Behind a real IdP on another site the session cookie needs SameSite=None; Secure.
        context.getSessionHandler().setHttpOnly(true);
        // Session ids travel in the cookie only: ;jsessionid= in URLs leaks them to logs, Referer headers and shared links.
        context.getSessionHandler().setSessionTrackingModes(Set.of(SessionTrackingMode.COOKIE));
        context.getSessionHandler().setSameSite(HttpCookie.SameSite.LAX);
        context.addFilter(new FilterHolder(new JitFilter(login)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(pages), "/");
        server.setHandler(context);
        server.setErrorHandler(new PlainErrorPages());
        context.setErrorHandler(new PlainErrorPages());
        server.start();
    }

    public String origin() {
        return origin;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    private static List<Account> accountsOf(UserDirectory accounts, String tenantId) {
        List<Account> found = new ArrayList<>();
        List<Account> page = accounts.list(tenantId, null, 100);
        while (!page.isEmpty()) {
            found.addAll(page);
            page = page.size() < 100 ? List.of() : accounts.list(tenantId, page.get(page.size() - 1).id(), 100);
        }
        return found;
    }

    /** The back office's token for the admin API, {@code /sso/admin/api}; none with a configuration file. */
    public @Nullable String adminToken() {
        return adminToken;
    }

    /** The PatchOp that deprovisions a SCIM user (RFC 7644 §3.5.2): what the hint's second command sends. */
    static final String DEPROVISION = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";

    /**
     * What to try, with this run's tokens and links: the demo people and the groups that give their
     * roles, deprovisioning Bob over SCIM (a command to copy as it is), the admin API, and the setup
     * link of the tenant that has not set up single sign-on.
     */
    public List<String> hints() {
        String users = origin + "/sso/scim/acme/v2/Users";
        List<String> lines = new ArrayList<>();
        lines.add("Sign in as alice@acme.test (SAML) or carol@globex.test (OpenID Connect) through the development IdP"
                + " at " + devIdps().main().baseUrl() + " (jit-test-idp: it signs in whoever you pick, demo only).");
        lines.add(DemoTenants.ROLES);
        lines.add("SCIM 2.0 for tenant acme: " + users + " with this run's token. Deprovision Bob after his first"
                + " login (look up his id, then deactivate him; his open session ends at its next click):");
        lines.add("  ID=$(curl -s -H 'Authorization: Bearer " + scimToken + "' '" + users
                + "?filter=userName%20eq%20%22acme-bob%22' | grep -o '\"id\":\"[^\"]*\"' | head -1 | cut -d'\"' -f4)");
        lines.add("  curl -s -X PATCH -H 'Authorization: Bearer " + scimToken + "' -H 'Content-Type:"
                + " application/scim+json' -d '" + DEPROVISION + "' \"" + users + "/$ID\"");
        lines.add("Tenants, connections and domains live in the registry: alice@acme.test changes acme's on " + origin
                + "/admin/; the back office's admin API, with this run's token:");
        lines.add("  curl -s -H 'Authorization: Bearer " + adminToken + "' '" + origin + "/sso/admin/api/tenants'");
        lines.add("Tenant umbrella has signed up but not set up single sign-on; its IT admin's setup link (connect"
                + " umbrella's own development IdP, metadata at " + devIdps().umbrella().samlMetadataUrl() + "):");
        lines.add("  " + setupLink);
        return lines;
    }

    /** This run's setup link for tenant umbrella, whose IT admin has not set up single sign-on yet; none with a configuration file. */
    public @Nullable String setupLink() {
        return setupLink;
    }

    /** The bearer token of tenant acme's SCIM endpoint, {@code /sso/scim/acme/v2}; none with a configuration file. */
    public @Nullable String scimToken() {
        return scimToken;
    }

    /** The development IdPs of the demo on embedded defaults. */
    public DevIdps devIdps() {
        if (idps == null) {
            throw new IllegalStateException("A demo started from a configuration file has no development IdPs");
        }
        return idps;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        if (idps != null) {
            idps.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}

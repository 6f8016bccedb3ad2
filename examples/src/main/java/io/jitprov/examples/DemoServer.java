package io.jitprov.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jitprov.core.Account;
import io.jitprov.core.AuditSink;
import io.jitprov.core.DomainRegistry;
import io.jitprov.core.DomainTenantResolver;
import io.jitprov.core.Elevation;
import io.jitprov.core.JdbcAuditSink;
import io.jitprov.core.JdbcGrantStore;
import io.jitprov.core.JdbcReplayCache;
import io.jitprov.core.JdbcSchema;
import io.jitprov.core.JdbcUserStore;
import io.jitprov.core.Provisioner;
import io.jitprov.core.TenantDirectory;
import io.jitprov.examples.devidp.DevIdpServlet;
import io.jitprov.oidc.JwkSetSource;
import io.jitprov.oidc.OidcLogin;
import io.jitprov.oidc.OidcProvider;
import io.jitprov.oidc.OidcProviders;
import io.jitprov.oidc.OidcVerifier;
import io.jitprov.saml.SamlIdentityProviders;
import io.jitprov.saml.SamlMetadata;
import io.jitprov.saml.SamlServiceProvider;
import io.jitprov.saml.SamlSingleLogout;
import io.jitprov.saml.SamlVerifier;
import io.jitprov.servlet.IdpRoute;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitLogin;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * The demo SaaS application in Jetty 12 on 127.0.0.1: JitFilter in front, exactly as an
 * application would use it, two demo tenants, an embedded H2 database, and the development IdP
 * in the same process (only when no configuration file is given).
 */
public final class DemoServer implements AutoCloseable {

    private final Server server = new Server();
    private final @Nullable HikariDataSource dataSource;
    private final String origin;

    private DemoServer(String origin, @Nullable HikariDataSource dataSource) {
        this.origin = origin;
        this.dataSource = dataSource;
    }

    /** The demo on embedded defaults: H2 under {@code dataDirectory}, the development IdP, two tenants. */
    public static DemoServer startDemo(int port, Path dataDirectory) throws Exception {
        String origin = "http://127.0.0.1:" + port;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dataDirectory.resolve("jit").toAbsolutePath());
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        JdbcSchema.install(dataSource);
        DemoServer demo = new DemoServer(origin, dataSource);
        DevIdpServlet idp = new DevIdpServlet(origin);
        JdbcUserStore accounts = JdbcUserStore.builder(dataSource).auditInSameTransaction(true).build();
        JdbcAuditSink trail = JdbcAuditSink.of(dataSource);
        TenantDirectory tenants = DemoTenants.of(idp);
        Elevation elevation = Elevation.builder().tenants(tenants).userStore(accounts)
                .grantStore(JdbcGrantStore.of(dataSource)).auditSink(audit(trail)).build();
        JitLogin login = demoLogin(origin, idp, dataSource, accounts, trail, tenants, elevation);
        demo.start(port, login, idp, new DemoPagesServlet(accounts, trail, elevation,
                tenant -> demo.accountsOf(accounts, tenant)));
        return demo;
    }

    /** The demo application in front of the identity providers a configuration file names. */
    public static DemoServer startWithConfig(int port, Path configFile) throws Exception {
        DemoServer demo = new DemoServer("http://127.0.0.1:" + port, null);
        demo.start(port, io.jitprov.servlet.JitConfigFile.load(configFile).build(), null,
                new DemoPagesServlet(null, null, null, null));
        return demo;
    }

    private static AuditSink audit(JdbcAuditSink trail) {
        return event -> {
            AuditSink.slf4j().record(event);
            trail.record(event);
        };
    }

    private static JitLogin demoLogin(String origin, DevIdpServlet idp, HikariDataSource dataSource,
            JdbcUserStore accounts, JdbcAuditSink trail, TenantDirectory tenants, Elevation elevation) {
        DomainRegistry domains = DomainRegistry.builder().build();
        domains.markVerified("acme", "acme.test", false);
        domains.markVerified("globex", "globex.test", false);
        AuditSink audit = audit(trail);
        Provisioner provisioner = Provisioner.builder()
                .tenantResolver(DomainTenantResolver.of(domains, tenants))
                .userStore(accounts).auditSink(audit).build();
        JdbcReplayCache replay = JdbcReplayCache.of(dataSource, "jit_", Clock.systemUTC());

        SamlServiceProvider sp = SamlServiceProvider.withEntityId(origin + "/sso/saml").acsUrl(origin + "/sso/saml/acs")
                .sloUrl(origin + "/sso/saml/slo").build();
        SamlIdentityProviders samlIdps = SamlIdentityProviders.of(SamlMetadata.parseIdentityProvider(idp.samlMetadata())
                .emailsVerified(true).groupAttributes("memberOf").build());
        OidcProvider oidc = OidcProvider.withIssuer(idp.oidcIssuer()).clientId("jit-demo")
                .authorizationEndpoint(URI.create(idp.oidcIssuer() + "/authorize"))
                .tokenEndpoint(URI.create(idp.oidcIssuer() + "/token"))
                .jwks(JwkSetSource.of(idp.oidcKeys())).build();
        OidcVerifier oidcVerifier = OidcVerifier.builder().providers(OidcProviders.of(oidc)).replayCache(replay).build();
        return JitLogin.builder().baseUrl(origin).domains(domains).provisioner(provisioner).auditSink(audit)
                .userStore(accounts).elevation(elevation)
                .saml(sp, samlIdps, SamlVerifier.builder().serviceProvider(sp).identityProviders(samlIdps)
                        .replayCache(replay).build())
                .samlSingleLogout(SamlSingleLogout.builder().serviceProvider(sp).identityProviders(samlIdps)
                        .replayCache(replay).build())
                .oidc(OidcLogin.builder().providers(OidcProviders.of(oidc)).verifier(oidcVerifier).build(), oidcVerifier)
                .route("acme", IdpRoute.saml(idp.samlEntityId()))
                .route("globex", IdpRoute.oidc(idp.oidcIssuer()))
                .protectedPaths("/app/", "/admin/")
                .postLoginPath("/app/")
                .build();
    }

    private void start(int port, JitLogin login, @Nullable DevIdpServlet idp, DemoPagesServlet pages) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        // The development IdP shares the demo's origin, so its POST back to the ACS is same-site and
        // Lax is enough. Behind a real IdP on another site the session cookie needs SameSite=None; Secure.
        context.getSessionHandler().setHttpOnly(true);
        context.getSessionHandler().setSameSite(HttpCookie.SameSite.LAX);
        context.addFilter(new FilterHolder(new JitFilter(login)), "/*", EnumSet.of(DispatcherType.REQUEST));
        if (idp != null) {
            context.addServlet(new ServletHolder(idp), DevIdpServlet.PATH + "/*");
        }
        context.addServlet(new ServletHolder(pages), "/");
        server.setHandler(context);
        server.start();
    }

    public String origin() {
        return origin;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    private List<Account> accountsOf(JdbcUserStore accounts, String tenantId) {
        List<Account> found = new ArrayList<>();
        if (dataSource == null) {
            return found;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id FROM jit_account WHERE tenant_id = ? ORDER BY created_at")) {
            s.setString(1, tenantId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    accounts.findById(rows.getString(1)).ifPresent(found::add);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The demo database cannot be read", e);
        }
        return found;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        if (dataSource != null) {
            dataSource.close();
        }
    }
}

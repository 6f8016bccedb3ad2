package io.jitprov.interop;

import io.jitprov.config.JitConfigFile;
import io.jitprov.saml.SamlCredential;
import io.jitprov.servlet.JitFilter;
import io.jitprov.servlet.JitPrincipal;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;

/**
 * The service provider side: an application in Jetty on 127.0.0.1 with JitFilter configured by a
 * configuration file, as a user would write it for Keycloak, and a fresh in-memory H2 store.
 */
final class InteropSp implements AutoCloseable {

    static final String OIDC_SECRET = "interop-" + UUID.randomUUID();

    private final Server server = new Server();
    private final String jdbcUrl = "jdbc:h2:mem:interop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private InteropSp() {
    }

    /** Starts the application on {@code port}, trusting the {@code acme} realm of {@code keycloak}. */
    static InteropSp start(int port, KeycloakServer keycloak, SamlCredential spKey, Path directory) throws Exception {
        Files.writeString(directory.resolve("sp-key.pem"), pem("PRIVATE KEY", spKey.privateKey().getEncoded()));
        Files.writeString(directory.resolve("sp-cert.pem"), pem("CERTIFICATE", spKey.certificate().getEncoded()));
        Files.writeString(directory.resolve("oidc-secret"), OIDC_SECRET);
        InteropSp sp = new InteropSp();
        String realm = keycloak.realmUrl("acme");
        Path config = Files.writeString(directory.resolve("jit.yaml"), """
                baseUrl: http://127.0.0.1:%d
                protectedPaths: [/app/]
                postLoginPath: /app/
                store: {jdbcUrl: "%s", createSchema: true}
                saml:
                  signingKey: {keyFile: sp-key.pem, certificateFile: sp-cert.pem}
                  decryptionKeys: [{keyFile: sp-key.pem, certificateFile: sp-cert.pem}]
                identityProviders:
                  - id: keycloak-saml
                    saml: {metadataUrl: "%s/protocol/saml/descriptor", entityId: "%s", allowInsecureHttp: true,
                           emailsVerified: true, groupAttributes: [memberOf]}
                  - id: keycloak-oidc
                    oidc: {issuer: "%s", clientId: jit-interop, clientSecret: {file: oidc-secret}}
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [keycloak-saml, keycloak-oidc]
                    roles:
                      defaultRoles: [member]
                      rules: [{group: acme-admins, role: admin}, {prefix: acme-eng-, role: developer}]
                """.formatted(port, sp.jdbcUrl, realm, realm, realm));
        sp.listen(port, new JitFilter(JitConfigFile.load(config).build()));
        return sp;
    }

    private void listen(int port, JitFilter filter) throws Exception {
        // Each test starts a new application on the same port; a kept-alive connection in Keycloak's
        // pool would point at the previous one and fail its next back-channel call.
        HttpConfiguration http = new HttpConfiguration();
        http.setPersistentConnectionsEnabled(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WhoAmI()), "/app/*");
        server.setHandler(context);
        // Which requests Keycloak and the browser made, for reading a failed run.
        server.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter(), "%m %U %s"));
        server.start();
    }

    /** The application's page: who the filter says is signed in. */
    static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            JitPrincipal who = (JitPrincipal) request.getUserPrincipal();
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().print("user=" + who.getName() + " tenant=" + who.tenantId() + " roles="
                    + new TreeSet<>(who.roles()) + " subject=" + who.subject() + " account=" + who.accountId());
        }
    }

    /** How many accounts the tenant has, read from the store's own tables. */
    long accounts(String tenantId) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM jit_account WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static String certificateBase64(SamlCredential credential) throws CertificateEncodingException {
        return Base64.getEncoder().encodeToString(credential.certificate().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
                        StandardCharsets.US_ASCII)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.JitFilterSamlTests;
import io.jitprov.servlet.JitLogin;
import io.jitprov.servlet.JitObserver;
import io.jitprov.servlet.ScimProvisioning;
import io.jitprov.servlet.TestApp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitConfigFileTests {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String valid() throws IOException {
        write("idp.xml", IdpSide.metadata());
        write("sp-key.pem", IdpSide.spKeyPem());
        write("sp-cert.pem", IdpSide.spCertificatePem());
        return """
                baseUrl: http://127.0.0.1:8080
                protectedPaths: [/app/]
                saml:
                  signingKey: {keyFile: sp-key.pem, certificateFile: sp-cert.pem}
                identityProviders:
                  - id: acme-idp
                    saml:
                      metadataFile: idp.xml
                      emailsVerified: true
                      groupAttributes: [memberOf]
                tenants:
                  - id: acme
                    domains: [acme.test, {name: acme.example, includeSubdomains: true}]
                    identityProviders: [acme-idp]
                    seatLimit: 50
                    linkPolicy: verified_email
                    roles:
                      defaultRoles: [member]
                      rules:
                        - {group: acme-admins, role: admin}
                        - {prefix: acme-eng-, role: developer}
                """;
    }

    @Test
    void loadWhenValidThenAJitLoginThatServesTheSamlEndpoints() throws Exception {
        Path file = write("jit.yaml", valid());

        JitLogin login = JitConfigFile.load(file).build();

        try (TestApp app = new TestApp(base -> login)) {
            assertThat(app.get("/sso/saml/metadata").body()).contains("http://127.0.0.1:8080/sso/saml/acs");
            assertThat(app.post("/sso/login", Map.of("email", "bob@eu.acme.example")).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void loadWhenIdpWantsSignedRequestsAndNoKeyThenAProblemNotALaterFailure() throws Exception {
        Path file = write("jit.yaml", valid().replace("saml:\n  signingKey: {keyFile: sp-key.pem, certificateFile: sp-cert.pem}\n", ""));

        assertThatThrownBy(() -> JitConfigFile.load(file))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "identityProviders[0].saml: the IdP's metadata asks for signed AuthnRequests: give saml.signingKey"));
    }

    @Test
    void loadWhenJsonThenTheSameModel() throws Exception {
        write("idp.xml", IdpSide.metadata());
        Path file = write("jit.json", """
                {"baseUrl": "http://127.0.0.1:8080",
                 "identityProviders": [{"id": "acme-idp", "saml": {"metadata": "%s"}}],
                 "tenants": [{"id": "acme", "domains": ["acme.test"], "identityProviders": ["acme-idp"]}]}
                """.formatted(IdpSide.metadata().replace("\"", "\\\"").replace("WantAuthnRequestsSigned=\\\"true\\\"", "")));

        assertThat(JitConfigFile.load(file).build()).isNotNull();
    }

    @Test
    void loadWhenManyThingsAreWrongThenEveryProblemWithItsPath() throws Exception {
        write("idp.xml", IdpSide.metadata());
        Path file = write("jit.yaml", """
                baseUrl: http://127.0.0.1:8080/with/path
                storre: {h2File: x}
                identityProviders:
                  - id: acme-idp
                    saml: {metadataFile: idp.xml}
                  - id: acme-idp
                    saml: {metadataFile: idp.xml}
                  - id: broken
                    saml: {metadataFile: missing.xml}
                  - id: google
                    oidc: {issuer: https://accounts.google.com, clientId: app, clientSecret: hunter2,
                           tokenEndpoint: "https://oauth2.googleapis.com/token"}
                tenants:
                  - id: acme
                    domains: [acme.test, "not a domain", Gmail.com]
                    identityProviders: [acme-idp, nobody]
                    seatLimit: -3
                    syncMode: sometimes
                    roles:
                      rules: [{group: a, prefix: b, role: c}, {regex: "[", role: x}]
                  - id: globex
                    domains: [ACME.test]
                    identityProviders: [acme-idp]
                    jitEnabled: false
                """);

        assertThatThrownBy(() -> JitConfigFile.load(file))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("baseUrl: must be an origin"))
                        .anySatisfy(p -> assertThat(p).startsWith("storre: is not a known setting"))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[1].id: [acme-idp] is used twice"))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[2].saml: "))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[3].oidc.clientSecret: must not hold"))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[3].oidc.tokenEndpoint: is only read"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].domains[1]: "))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].domains[2]: Domain [gmail.com] is the"
                                + " consumer mail domain [gmail.com]"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].identityProviders[1]: names no identity provider"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].seatLimit: must be a whole number"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].syncMode: must be one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].roles.rules[0]: needs exactly one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].roles.rules[1].regex: is not a valid"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[1].domains[0]: Domain [acme.test] is already verified"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[1].jitEnabled: is not a known setting")));
    }

    @Test
    void loadWhenTenantsDeclareElevationThenTheFilterServesItAndBadRulesAreNamed() throws Exception {
        write("idp.xml", IdpSide.metadata().replace("WantAuthnRequestsSigned=\"true\"", ""));
        String tenants = """
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    inactivityLimit: P90D
                    accessEndAttribute: contract_end
                    statusAttribute: {name: status, activeValues: [ACTIVE]}
                    roles: {defaultRoles: [member], humanOnlyRoles: [admin]}
                    attributeSync: {given_name: keep_local_edits, name: import_once}
                    elevation:
                      - role: db-admin
                        eligibleGroups: [acme-dba]
                        maxDuration: PT1H
                        justificationRequired: true
                        approvals: one
                        approverRoles: [admin]
                        stepUp: {maxAge: PT10M, contexts: ["urn:acme:mfa"], mfa: true}
                      - role: deployer
                        eligibleGroups: [acme-eng]
                        workloadsAllowed: true
                        workloadMaxDuration: PT5M
                """;
        String head = """
                baseUrl: http://127.0.0.1:8080
                identityProviders:
                  - id: acme-idp
                    saml: {metadataFile: idp.xml}
                """;
        Path good = write("jit.yaml", head + tenants);
        Path bad = write("bad.yaml", head + tenants.replace("approvals: one", "approvals: several")
                .replace("maxDuration: PT1H", "maxDuration: an hour").replace("P90D", "ninety days").replace("activeValues: [ACTIVE]", "activeValues: []")
                .replace("name: import_once", "name: sometimes") + """
                      - role: db-admin
                        stepUp: {maxAge: PT5M, strength: high}
                """);

        try (TestApp app = new TestApp(base -> JitConfigFile.load(good).build())) {
            assertThat(app.get("/sso/elevation", "application/json").statusCode()).isEqualTo(401);
        }
        assertThatThrownBy(() -> JitConfigFile.load(bad))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].inactivityLimit: must be an ISO-8601"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].statusAttribute.activeValues: must list"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].attributeSync.name: must be one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].elevation[0].approvals: must be one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].elevation[0].maxDuration: must be an ISO-8601"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].elevation[2].role: [db-admin] has a rule"))
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].elevation[2].stepUp.strength: is not a known")));
    }

    @Test
    void loadWhenATenantHasScimThenItsTokenOpensItsEndpointAndShortTokensAreRefused() throws Exception {
        write("idp.xml", IdpSide.metadata().replace("WantAuthnRequestsSigned=\"true\"", ""));
        String config = """
                baseUrl: http://127.0.0.1:8080
                identityProviders:
                  - id: acme-idp
                    saml: {metadataFile: idp.xml}
                tenants:
                  - id: acme
                    domains: [acme.test]
                    identityProviders: [acme-idp]
                    scim: {token: {env: ACME_SCIM_TOKEN}, onDelete: delete}
                """;
        Path good = write("jit.yaml", config + "accessReview: {reviewerRoles: [auditor], neverUsedAfter: P14D}\n");
        Path bad = write("bad.yaml", config.replace("onDelete: delete", "onDelete: purge, identityProvider: okta"));
        String token = "x".repeat(ScimProvisioning.MIN_TOKEN_LENGTH);

        try (TestApp app = new TestApp(base -> JitConfigFile.load(good, Map.of("ACME_SCIM_TOKEN", token)::get).build())) {
            java.net.http.HttpResponse<String> users = app.browser.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(app.baseUrl + "/sso/scim/acme/v2/Users")).header("Authorization", "Bearer " + token)
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("\"totalResults\":0");
            assertThat(app.get("/sso/review", "application/json").statusCode()).isEqualTo(401);
        }
        assertThatThrownBy(() -> JitConfigFile.load(good, Map.of("ACME_SCIM_TOKEN", "short")::get))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].scim.token: must have at least 32")));
        assertThatThrownBy(() -> JitConfigFile.load(bad, Map.of("ACME_SCIM_TOKEN", token)::get))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("tenants[0].scim.identityProvider: must be one of")));
    }

    @Test
    void loadWhenOidcWithoutDiscoveryAndAJdbcStoreThenTheLoginGoesWhereTheFileSays() throws Exception {
        Path file = write("jit.yaml", """
                baseUrl: http://127.0.0.1:8080
                store: {jdbcUrl: "jdbc:h2:mem:config-test;DB_CLOSE_DELAY=-1", username: sa, password: {env: DB_PASSWORD},
                        tablePrefix: app_jit_, createSchema: true, maxPoolSize: 2}
                identityProviders:
                  - id: corp
                    oidc:
                      issuer: https://login.corp.test
                      clientId: app
                      clientSecret: {env: CORP_SECRET}
                      clientAuthentication: client_secret_post
                      scopes: [openid, email, profile, groups]
                      groupsClaim: roles
                      mergeUserInfo: true
                      jwksUri: https://login.corp.test/keys
                      authorizationEndpoint: https://login.corp.test/authorize
                      tokenEndpoint: https://login.corp.test/token
                      userInfoEndpoint: https://login.corp.test/userinfo
                tenants: [{id: corp, domains: [corp.test], identityProviders: [corp]}]
                """);
        Map<String, String> environment = Map.of("DB_PASSWORD", "", "CORP_SECRET", "s3cret-value");

        try (TestApp app = new TestApp(base -> JitConfigFile.load(file, n -> "DB_PASSWORD".equals(n) ? "pw"
                : environment.get(n)).build())) {
            java.net.http.HttpResponse<String> login = app.get("/sso/oidc/login?idp=" + JitFilterSamlTests.enc(
                    "https://login.corp.test"));
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElseThrow())
                    .startsWith("https://login.corp.test/authorize?").contains("scope=openid+email+profile+groups");
        }
    }

    @Test
    void loadWhenOidcAndStoreSettingsAreUnusableThenEachIsNamed() throws Exception {
        Path bothStores = write("both.yaml", """
                baseUrl: http://127.0.0.1:8080
                store: {h2File: data/jit, jdbcUrl: "jdbc:h2:mem:x"}
                identityProviders:
                  - id: corp
                    oidc: {issuer: https://login.corp.test, clientId: app, clientAuthentication: private_key_jwt,
                           jwksUri: https://login.corp.test/keys}
                tenants: [{id: corp, domains: [corp.test], identityProviders: [corp]}]
                """);
        Path badUrl = write("bad.yaml", """
                baseUrl: http://127.0.0.1:8080
                store: {jdbcUrl: "jdbc:nosuchdriver://db"}
                identityProviders:
                  - id: corp
                    oidc: {issuer: https://login.corp.test, clientId: app, jwksUri: "http://login.corp.test/keys"}
                tenants: [{id: corp, domains: [corp.test], identityProviders: [corp]}]
                """);

        assertThatThrownBy(() -> JitConfigFile.load(bothStores, name -> null))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).isEqualTo("store: needs exactly one of h2File and jdbcUrl"))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[0].oidc.clientAuthentication: must be")));
        assertThatThrownBy(() -> JitConfigFile.load(badUrl, name -> null))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("store.jdbcUrl: cannot be used"))
                        .anySatisfy(p -> assertThat(p).startsWith("identityProviders[0].oidc.issuer: cannot be used")));
    }

    @Test
    void loadWhenSecretComesFromAnUnsetVariableThenNamedInTheProblem() throws Exception {
        Path file = write("jit.yaml", """
                baseUrl: http://127.0.0.1:8080
                identityProviders:
                  - id: google
                    oidc: {issuer: https://accounts.google.com, clientId: app, clientSecret: {env: JIT_TEST_UNSET_SECRET}}
                tenants: [{id: acme, domains: [acme.test], identityProviders: [google]}]
                """);

        assertThatThrownBy(() -> JitConfigFile.load(file, name -> null))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).isEqualTo("identityProviders[0].oidc.clientSecret.env: names environment"
                                + " variable [JIT_TEST_UNSET_SECRET], which is not set")));
    }

    @Test
    void loadWhenNotYamlAtAllThenOneProblemWithTheLine() throws Exception {
        Path file = write("jit.yaml", "baseUrl: [unclosed\n  tenants: {");

        assertThatThrownBy(() -> JitConfigFile.load(file))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("The file is not valid YAML at line")));
    }

    @Test
    void loadWhenH2FileStoreThenTheDatabaseIsCreatedAndUsed() throws Exception {
        Path file = write("jit.yaml", valid() + "store:\n  h2File: data/jit\n");

        assertThat(JitConfigFile.load(file).build()).isNotNull();
        assertThat(dir.resolve("data/jit.mv.db")).exists();
    }

    @Test
    void baseUrlWhenReadAloneThenTheFilesBaseUrlOrItsProblem() throws Exception {
        Path file = write("jit.yaml", valid());
        Path noBase = write("no-base.yaml", "protectedPaths: [/app/]\n");
        Path list = write("list.yaml", "- just\n- a list\n");

        assertThat(JitConfigFile.baseUrl(file)).startsWith("http");
        assertThatThrownBy(() -> JitConfigFile.baseUrl(noBase)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("baseUrl: ")));
        assertThatThrownBy(() -> JitConfigFile.baseUrl(dir.resolve("missing.yaml")))
                .isInstanceOfSatisfying(JitConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("cannot be read")));
        assertThatThrownBy(() -> JitConfigFile.load(list)).isInstanceOfSatisfying(JitConfigurationException.class,
                e -> assertThat(e.problems()).containsExactly("The file must hold a mapping of settings"));
    }

    @Test
    void filterWhenInitParamNamesTheFileThenItWinsOverTheSetterAndTheEndpointsAreServed() throws Exception {
        Path file = write("jit.yaml", valid());
        JitConfigFileFilter filter = new JitConfigFileFilter();
        filter.setConfigFile("/nonexistent/overridden.yaml");
        List<String> heard = new CopyOnWriteArrayList<>();
        filter.setObserver(new JitObserver() {
            @Override
            public void refreshed(Refresh refresh) {
                heard.add(refresh.document().value() + " " + refresh.succeeded());
            }

            @Override
            public void started(JitStores stores) {
                heard.add("started");
            }
        });
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        FilterHolder holder = new FilterHolder(filter);
        holder.setInitParameter(JitConfigFileFilter.CONFIG_FILE, file.toString());
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new TestApp.Echo()), "/*");
        server.setHandler(context);
        server.start();
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/sso/saml/metadata")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(metadata.body()).contains("EntityDescriptor");
            assertThat(heard).as("the metadata file read, then jit built on its stores")
                    .containsExactly("saml_metadata true", "started");
        } finally {
            server.stop();
        }
    }

    @Test
    void fromFileReadsTheFileAsLoadDoesAndTakesWhatOnlyCodeGives() throws Exception {
        Path file = write("jit.yaml", valid());
        List<String> heard = new CopyOnWriteArrayList<>();

        JitConfiguration.fromFile(file).observer(new JitObserver() {
            @Override
            public void refreshed(Refresh refresh) {
                heard.add(refresh.document().value() + " " + refresh.idp());
            }

            @Override
            public void started(JitStores stores) {
                heard.add("started");
            }
        }).load().build();

        assertThat(heard).as("idp.xml, read from the file's directory").containsExactly(
                "saml_metadata " + IdpSide.IDP, "started");
        assertThatThrownBy(() -> JitConfiguration.fromFile(write("bad.yaml", "baseUrl: nowhere\nstorre: {}\n")).load())
                .isInstanceOf(JitConfigurationException.class).hasMessageContaining("storre");
    }

    @Test
    void filterWhenNoFileOrABadOneThenInitStopsWithEveryProblem() throws Exception {
        Path bad = write("bad.yaml", "baseUrl: nowhere\nstorre: {}\n");
        JitConfigFileFilter unnamed = new JitConfigFileFilter();
        JitConfigFileFilter broken = new JitConfigFileFilter();
        broken.setConfigFile(bad.toString());

        assertThatThrownBy(() -> unnamed.init(config(null))).isInstanceOf(ServletException.class)
                .hasMessageContaining(JitConfigFileFilter.CONFIG_FILE);
        assertThatThrownBy(() -> broken.init(config(null))).isInstanceOf(ServletException.class)
                .hasMessageContaining("baseUrl").hasMessageContaining("storre");
    }

    private static FilterConfig config(String configFile) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "jit";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return JitConfigFileFilter.CONFIG_FILE.equals(name) ? configFile : null;
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.emptyEnumeration();
            }
        };
    }
}

package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.JitObserver;
import io.jitprov.servlet.TestApp;
import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestPerson;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** jit from flat settings, as Spring Boot's jit.* properties give them: the file's model and validator. */
class JitConfigurationTests {

    private static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").groups("acme-admins").build();
    private final TestIdp idp = TestIdp.builder().signingInAs(ALICE).start();
    private TestApp app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        idp.close();
    }

    /** One tenant through the test IdP, spelled as a Boot application.yml would be, kebab-case and text values. */
    private Map<String, Object> settings(String baseUrl) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("base-url", baseUrl);
        settings.put("protected-paths[0]", "/app/");
        settings.put("identity-providers[0].id", "test");
        settings.put("identity-providers[0].saml.metadata-url", idp.samlMetadataUrl());
        settings.put("identity-providers[0].saml.entity-id", idp.samlEntityId());
        settings.put("identity-providers[0].saml.emails-verified", "true");
        settings.put("identity-providers[0].saml.allow-insecure-http", true);
        settings.put("tenants[0].id", "acme");
        settings.put("tenants[0].domains[0]", "acme.test");
        settings.put("tenants[0].identityProviders[0]", "test");
        settings.put("tenants[0].seat-limit", 5);
        settings.put("tenants[0].roles.default-roles[0]", "member");
        settings.put("tenants[0].roles.rules[0].group", "acme-admins");
        settings.put("tenants[0].roles.rules[0].role", "admin");
        return settings;
    }

    private void signInAlice() throws Exception {
        var login = app.post("/sso/login", Map.of("email", "alice@acme.test", "return", "/app/"));
        TestIdp.Answer answer = idp.answer(login.headers().firstValue("Location").orElseThrow());
        app.post(answer.url(), answer.fields());
    }

    @Test
    void theObserverHearsTheSignInAndTheMetadataReadAndIsGivenTheStores() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        JitObserver observer = new JitObserver() {
            @Override
            public void signIn(SignIn signIn) {
                heard.add("sign-in " + signIn.outcome());
            }

            @Override
            public void refreshed(Refresh refresh) {
                heard.add(refresh.document().value() + " " + refresh.idp() + " " + refresh.succeeded() + " "
                        + (refresh.certificatesExpire() != null));
            }

            @Override
            public void started(JitStores stores) {
                heard.add("started");
            }
        };
        app = new TestApp(baseUrl -> JitConfiguration.fromSettings(settings(baseUrl)).observer(observer).load().build());

        signInAlice();

        assertThat(heard).containsExactly("started", "saml_metadata " + idp.samlEntityId() + " true true",
                "sign-in created");
    }

    @Test
    void loadWhenTheSettingsAreFlatThenAliceSignsInWithTheRolesTheyMap() throws Exception {
        app = new TestApp(baseUrl -> JitConfiguration.fromSettings(settings(baseUrl)).load().build());

        signInAlice();

        assertThat(app.get("/app/").body()).contains("user=alice@acme.test").contains("admin=true").contains("member=true");
    }

    @Test
    void loadWhenGivenTheApplicationsDataSourceThenAccountsLiveThereAndItStaysOpen() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:jit-configuration-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        app = new TestApp(baseUrl -> {
            Map<String, Object> settings = settings(baseUrl);
            settings.put("store.table-prefix", "app_jit_");
            return JitConfiguration.fromSettings(settings).dataSource(database).load().build();
        });

        signInAlice();
        app.close();
        app = null;

        try (Connection connection = database.getConnection();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM app_jit_account WHERE tenant_id = 'acme'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("the account, in the application's database, still open").isEqualTo(1);
        }
    }

    @Test
    void loadWhenTheStoreAlsoNamesADatabaseBesidesTheApplicationsThenRefused() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:jit-configuration-refused;DB_CLOSE_DELAY=-1");
        Map<String, Object> settings = settings("https://app.example");
        settings.put("store.jdbc-url", "jdbc:postgresql://db/other");

        assertThatThrownBy(() -> JitConfiguration.fromSettings(settings).dataSource(database).load())
                .isInstanceOf(JitConfigurationException.class).hasMessageContaining("store.jdbcUrl");
    }

    @Test
    void loadWhenSettingsAreWrongThenEveryProblemIsNamedAsInTheFile() {
        Map<String, Object> settings = settings("https://app.example");
        settings.put("tenants[0].colour", "blue");
        settings.put("tenants[0].jit", "yes");
        settings.put("tenants[0].seat-limit", "many");

        assertThatThrownBy(() -> JitConfiguration.fromSettings(settings).load())
                .isInstanceOf(JitConfigurationException.class)
                .hasMessageContaining("tenants[0].colour: is not a known setting")
                .hasMessageContaining("tenants[0].jit: must be true or false")
                .hasMessageContaining("tenants[0].seatLimit: must be a whole number of at least 0");
    }

    @Test
    void loadWhenNamesClashOrLeaveHolesThenRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("baseUrl", "https://a.example",
                "baseUrl.port", "1")).load()).hasMessageContaining("baseUrl").hasMessageContaining("in another setting");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("tenants[0].id", "a", "tenants[2].id", "c"))
                .load()).hasMessageContaining("tenants[1]: is missing, while a later item is set");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("tenants[99999999999].id", "a")).load())
                .hasMessageContaining("lists more than 10000 items");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("tenants..id", "a")).load())
                .hasMessageContaining("tenants..id: is not a setting name");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("tenants[0]", "a", "tenants[0].id", "b")).load())
                .hasMessageContaining("tenants[0]").hasMessageContaining("in another setting");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of()).load())
                .hasMessageContaining("No jit settings: at least baseUrl is needed");
        assertThatThrownBy(() -> JitConfiguration.fromSettings(Map.of("a" + ".b".repeat(70), "x")).load())
                .hasMessageContaining("at most 64 levels");
    }

    @Test
    void loadWhenAnAttributeSyncKeyHasADashThenItIsKeptAsWritten() {
        Map<String, Object> settings = settings("https://app.example");
        settings.put("tenants[0].attribute-sync.employee-id", "sometimes");

        assertThatThrownBy(() -> JitConfiguration.fromSettings(settings).load())
                .hasMessageContaining("employee-id").hasMessageNotContaining("employeeId");
    }
}

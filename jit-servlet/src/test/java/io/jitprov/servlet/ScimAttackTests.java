package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.Account;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SCIM spellings and types against a running filter: every way RFC 7643/7644 lets a directory say
 * "deactivate" must deactivate (attribute names are case-insensitive and may carry their schema
 * URN), and nothing that leaves {@code active} unassigned may reactivate.
 */
class ScimAttackTests {

    private static final String USERS = "/sso/scim/acme/v2/Users";
    private static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AttackedApp target;

    @BeforeEach
    void start() throws Exception {
        target = new AttackedApp();
    }

    @AfterEach
    void stop() throws Exception {
        target.close();
    }

    private HttpResponse<String> scim(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.app.baseUrl + path))
                .header("Authorization", "Bearer " + AttackedApp.SCIM_TOKEN).header("Accept", "application/scim+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        return target.app.browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createAlice(String activeMember) throws Exception {
        HttpResponse<String> created = scim("POST", USERS, "{\"schemas\":[\"" + USER_URN + "\"],\"userName\":\"alice\","
                + "\"emails\":[{\"value\":\"alice@acme.test\",\"primary\":true}]" + activeMember + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asText();
    }

    private Account account(String id) {
        return target.accounts.findById(id).orElseThrow();
    }

    private static String patch(String operation) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operation + "]}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"replace\",\"path\":\"Active\",\"value\":false}",
        "{\"op\":\"replace\",\"path\":\"ACTIVE\",\"value\":false}",
        "{\"op\":\"Replace\",\"path\":\"" + USER_URN + ":active\",\"value\":\"False\"}",
        "{\"op\":\"replace\",\"path\":\"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:Active\",\"value\":false}",
        "{\"op\":\"replace\",\"value\":{\"Active\":false}}",
        "{\"op\":\"add\",\"value\":{\"" + USER_URN + ":active\":false}}",
        "{\"op\":\"replace\",\"value\":{\"" + USER_URN + "\":{\"ACTIVE\":\"false\"}}}"})
    void patchWhenDeactivationIsSpelledAnyWayTheRfcAllowsThenTheAccountIsDisabled(String operation) throws Exception {
        String id = createAlice("");

        HttpResponse<String> patched = scim("PATCH", USERS + "/" + id, patch(operation));

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).get("active").asBoolean()).isFalse();
        assertThat(account(id).active()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"op\":\"remove\",\"path\":\"active\"}",
        "{\"op\":\"remove\",\"path\":\"Active\"}",
        "{\"op\":\"replace\",\"path\":\"active\",\"value\":null}",
        "{\"op\":\"replace\",\"value\":{\"active\":null}}",
        "{\"op\":\"replace\",\"value\":{\"displayName\":\"Alice\"}}"})
    void patchWhenActiveIsLeftUnassignedThenADeactivatedAccountStaysDisabled(String operation) throws Exception {
        String id = createAlice(",\"active\":false");
        assertThat(account(id).active()).isFalse();

        HttpResponse<String> patched = scim("PATCH", USERS + "/" + id, patch(operation));

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(account(id).active()).isFalse();
    }

    @Test
    void putWithoutActiveOrCreateWithActiveSpelledOtherwiseKeepsTheDirectorysWord() throws Exception {
        String id = createAlice(",\"Active\":false");
        assertThat(account(id).active()).isFalse();

        HttpResponse<String> put = scim("PUT", USERS + "/" + id, "{\"userName\":\"alice\",\"displayName\":\"A\","
                + "\"emails\":[{\"value\":\"alice@acme.test\"}]}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(account(id).active()).isFalse();
    }

    @Test
    void attributeGivenTwiceInDifferentCaseThenRefusedAndNothingChanges() throws Exception {
        String id = createAlice("");

        HttpResponse<String> both = scim("PATCH", USERS + "/" + id,
                patch("{\"op\":\"replace\",\"value\":{\"active\":true,\"Active\":false}}"));
        HttpResponse<String> twice = scim("POST", USERS, "{\"userName\":\"bob\",\"USERNAME\":\"eve\"}");

        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(both.body()).get("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(account(id).active()).isTrue();
        assertThat(target.accounts.accountsOf("acme")).hasSize(1);
    }

    @Test
    void malformedQueriesAndTypesGetScimErrorsNotPages() throws Exception {
        createAlice("");

        Map<String, String> auth = Map.of("Authorization", "Bearer " + AttackedApp.SCIM_TOKEN);
        for (String query : new String[] {"?filter=%zz", "?count=abc", "?startIndex=%", "?count=1&count=2"}) {
            TestApp.Raw answer = target.app.raw("GET", USERS + query, auth, "");
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.head()).contains("application/scim+json");
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.get("schemas").get(0).asText()).isEqualTo(ScimJson.ERROR_SCHEMA);
        }
        assertThat(scim("PATCH", USERS + "/x", "{\"Operations\":[1]}").statusCode()).isIn(400, 404);
        assertThat(scim("POST", USERS, "[" .repeat(5000)).statusCode()).isEqualTo(400);
        assertThat(scim("POST", USERS, "{\"userName\":\"carol\",\"active\":[false]}").statusCode()).isEqualTo(400);
        assertThat(target.accounts.accountsOf("acme")).hasSize(1);
    }

    @Test
    void createWhenTheEmailBelongsToAnotherAccountThenConflictNotForbidden() throws Exception {
        createAlice("");

        HttpResponse<String> bob = scim("POST", USERS, "{\"userName\":\"bob\",\"emails\":[{\"value\":\"alice@acme.test\"}]}");

        assertThat(bob.statusCode()).as(bob.body()).isEqualTo(409);
        assertThat(JSON.readTree(bob.body()).get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(target.accounts.accountsOf("acme")).hasSize(1);
    }
}

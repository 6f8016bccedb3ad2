package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitprov.servlet.ScimJson.ScimException;
import org.junit.jupiter.api.Test;

/** SCIM User resources and PatchOp requests (RFC 7643 §4.1, RFC 7644 §3.5.2) as clients send them, good and bad. */
class ScimJsonTests {

    private static JsonNode json(String text) throws Exception {
        return ScimJson.JSON.readTree(text);
    }

    private static ObjectNode alice() throws Exception {
        return (ObjectNode) json("""
                {"userName":"alice@acme.test","name":{"givenName":"Alice","familyName":"Liddell"},
                 "displayName":"Alice L","emails":[{"value":"a@acme.test"},{"value":"alice@acme.test","primary":true}],
                 "active":true}""");
    }

    private static String scimType(Runnable call) {
        try {
            call.run();
        } catch (ScimException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.scimType();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aUserReadsItsPrimaryEmailNamesAndActiveFlagAndLeavesAnAbsentActiveUnassigned() throws Exception {
        ScimJson.User user = ScimJson.read(alice());
        ScimJson.User noActive = ScimJson.read(json("{\"userName\":\"bob\",\"emails\":[{\"value\":\"b@acme.test\"}]}"));

        assertThat(user.userName()).isEqualTo("alice@acme.test");
        assertThat(user.attributes().get("email")).containsExactly("alice@acme.test");
        assertThat(user.attributes().get("given_name")).containsExactly("Alice");
        assertThat(user.attributes().get("name")).containsExactly("Alice L");
        assertThat(user.active()).isTrue();
        assertThat(noActive.active()).isNull();
        assertThat(noActive.attributes().get("email")).containsExactly("b@acme.test");
    }

    @Test
    void malformedResourcesAreRefusedWithTheirScimType() {
        assertThat(scimType(() -> ScimJson.read(ScimJson.JSON.createArrayNode()))).isEqualTo("invalidSyntax");
        assertThat(scimType(() -> read("{\"userName\":\" \"}"))).isEqualTo("invalidValue");
        assertThat(scimType(() -> read("{\"userName\":\"x\",\"emails\":{\"value\":\"x@acme.test\"}}")))
                .isEqualTo("invalidValue");
        assertThat(scimType(() -> read("{\"userName\":{\"nested\":true}}"))).isEqualTo("invalidValue");
        assertThat(scimType(() -> read("{\"userName\":\"x\",\"active\":\"maybe\"}"))).isEqualTo("invalidValue");
        assertThat(ScimJson.read(jsonUnchecked("{\"userName\":\"x\",\"active\":\"FALSE\"}")).active()).isFalse();
    }

    @Test
    void patchesReplaceAddAndRemoveSimpleAndSubAttributesAndWholeNames() throws Exception {
        ObjectNode user = alice();

        ScimJson.patch(user, json("""
                {"Operations":[
                  {"op":"add","path":"name","value":{"givenName":"Alicia"}},
                  {"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:displayName","value":"Alicia L"},
                  {"op":"remove","path":"name.familyName"},
                  {"op":"remove","path":"emails[type eq \\"work\\"].value"},
                  {"op":"replace","path":"nickName","value":"Ali"},
                  {"op":"remove","path":"nickName"}]}"""));

        ScimJson.User read = ScimJson.read(user);
        assertThat(read.attributes().get("given_name")).containsExactly("Alicia");
        assertThat(read.attributes()).doesNotContainKeys("family_name", "email");
        assertThat(read.attributes().get("name")).containsExactly("Alicia L");
        assertThat(user.has("nickName")).isFalse();
    }

    @Test
    void badPatchesAreRefusedWithTheirScimType() {
        assertThat(scimType(() -> patch("{}"))).isEqualTo("invalidSyntax");
        assertThat(scimType(() -> patch("{\"Operations\":[]}"))).isEqualTo("invalidSyntax");
        assertThat(scimType(() -> patch("{\"Operations\":[{\"op\":\"move\",\"path\":\"active\"}]}")))
                .isEqualTo("invalidSyntax");
        assertThat(scimType(() -> patch("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\"}]}")))
                .isEqualTo("invalidValue");
        assertThat(scimType(() -> patch("{\"Operations\":[{\"op\":\"replace\",\"value\":false}]}")))
                .isEqualTo("invalidValue");
        assertThat(scimType(() -> patch("{\"Operations\":[{\"op\":\"remove\"}]}"))).isEqualTo("noTarget");
        assertThat(scimType(() -> patch("{\"Operations\":[{\"op\":\"replace\",\"path\":\"a.b.c\",\"value\":1}]}")))
                .isEqualTo("invalidPath");
    }

    @Test
    void errorsFollowTheScimErrorSchema() {
        ObjectNode error = ScimJson.error(409, "uniqueness", "taken");

        assertThat(error.get("schemas").get(0).asText()).isEqualTo(ScimJson.ERROR_SCHEMA);
        assertThat(error.get("status").asText()).isEqualTo("409");
        assertThat(error.get("scimType").asText()).isEqualTo("uniqueness");
        assertThat(ScimJson.error(404, null, "gone").has("scimType")).isFalse();
    }

    private static void read(String text) {
        ScimJson.read(jsonUnchecked(text));
    }

    private static void patch(String operations) {
        try {
            ScimJson.patch(alice(), json(operations));
        } catch (ScimException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode jsonUnchecked(String text) {
        try {
            return json(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.jitprov.testidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TestIdpExtension as a test class uses it: started before the tests, reset between them, injected. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestIdpExtensionTests {

    @RegisterExtension
    static final TestIdpExtension IDP = TestIdpExtension.with(b -> b.client("my-app", "my-secret")
            .signingInAs(TestIdpSamlTests.ALICE));

    private static String issuerBeforeTheTests;

    @BeforeAll
    static void readTheIssuer(TestIdp idp) {
        issuerBeforeTheTests = idp.oidcIssuer();
    }

    @Test
    @Order(1)
    void getWhenParametersAndTheFieldAskThenTheyAreOneRunningIdp(TestIdp idp) throws Exception {
        assertThat(idp).isSameAs(IDP.get());
        assertThat(idp.oidcIssuer()).isEqualTo(issuerBeforeTheTests);
        assertThat(idp.clientId()).isEqualTo("my-app");
        HttpResponse<String> discovery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(idp.oidcIssuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);

        idp.down().failNext(TestIdp.Failure.EXPIRED).signInAs(TestIdpSamlTests.BOB);
    }

    @Test
    @Order(2)
    void afterEachWhenATestLeftTheIdpDownAndFailingThenTheNextFindsItAsBuilt(TestIdp idp) throws Exception {
        HttpResponse<String> discovery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(idp.oidcIssuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(discovery.statusCode()).isEqualTo(200);
        TestIdp.Answer answer = idp.samlResponse(TestIdpSamlTests.ALICE, "urn:sp", "http://127.0.0.1/acs");
        assertThat(TestIdpAttackTests.xml(answer)).doesNotContain("AuthnFailed");
        String authorize = idp.oidcIssuer() + "/authorize?response_type=code&scope=openid&client_id=my-app"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&state=s";
        assertThat(idp.answer(authorize).url()).contains("code=");
        assertThat(idp.sessions()).last().satisfies(s -> assertThat(s.person()).isEqualTo(TestIdpSamlTests.ALICE));
    }
}

package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jitprov.config.RegistryTestNodes.Started;
import io.jitprov.core.audit.AuditActor;
import io.jitprov.saml.IdpSide;
import io.jitprov.servlet.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's IT admin sets up single sign-on through a setup link, in a real Jetty, step by step. */
class SetupFlowTests extends SetupTestBase {

    @Test
    void setupWhenEveryStepDoneThenPeopleSignInWithMappedRoles() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        assertThat(submit(admin, "/domain", csrf, "domain", "initech.test").statusCode()).isEqualTo(303);
        HttpResponse<String> domainPage = admin.get(SETUP + "/domain");
        String claimValue = nodes.backOffice.domains().claimsOf("initech").get(0).txtRecordValue();
        assertThat(domainPage.body()).contains("_jit-verification.initech.test").contains(claimValue);
        publishProof("initech", "initech.test");
        assertThat(submit(admin, "/domain/check", csrf, "domain", "initech.test").statusCode()).isEqualTo(303);
        assertThat(admin.get(SETUP + "/domain").body()).contains("initech.test is verified: the TXT record was found.");

        HttpResponse<String> idpPage = admin.get(SETUP + "/idp/saml");
        assertThat(idpPage.body()).contains(app.baseUrl + "/sso/saml/acs").contains(app.baseUrl + "/sso/saml/metadata")
                .contains("data-copy=\"sp-acs\"");
        HttpResponse<String> saved = submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata(),
                "groupAttribute", "memberOf");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(nodes.backOffice.connectionsOf("initech").get(0).key()).as("a draft holds no IdP").isNull();
        assertThat(RegistryTestNodes.startSignIn(app.other(), "bob@initech.test")).as("a draft takes no logins").isEmpty();

        HttpResponse<String> roles = submitRaw(admin, "/roles", "csrf=" + csrf + "&group=it-admins&role=admin"
                + "&group=finance&role=billing&group=&role=&required=");
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(303);
        assertThat(admin.get(SETUP + "/").body()).contains("Turn on single sign-on");
        assertThat(submit(admin, "/activate", csrf).statusCode()).isEqualTo(303);
        assertThat(admin.get(SETUP + "/").body()).contains("Single sign-on is on.");

        TestApp bob = app.other();
        Started login = RegistryTestNodes.startSignInWithin(bob, "bob@initech.test");
        assertThat(RegistryTestNodes.answer(bob, login, "bob-1", "bob@initech.test", List.of("it-admins"))
                .statusCode()).isEqualTo(302);
        assertThat(bob.get("/app/whoami").body()).contains(" of initech,").contains("admin=true");
    }

    @Test
    void setupWhenDoneThenEveryChangeIsAuditedAsTheLink() throws Exception {
        String token = issueLink("initech");
        TestApp admin = opened(token);
        String csrf = csrf(admin);
        submit(admin, "/domain", csrf, "domain", "initech.test");
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata());

        String linkId = token.substring(0, token.indexOf('.'));
        List<String> actors = nodes.auditActors("initech");
        assertThat(actors).contains(AuditActor.setupLink(linkId).value()).doesNotContain(token);
    }

    @Test
    void domainWhenCheckedBeforePublishedThenSaysNotFoundYetAndLimitsChecks() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        submit(admin, "/domain", csrf, "domain", "initech.test");

        submit(admin, "/domain/check", csrf, "domain", "initech.test");
        assertThat(admin.get(SETUP + "/domain").body()).contains("The TXT record for initech.test was not found yet");
        publishProof("initech", "initech.test");
        submit(admin, "/domain/check", csrf, "domain", "initech.test");

        assertThat(admin.get(SETUP + "/domain").body()).contains("Checked a moment ago");
        assertThat(nodes.backOffice.domains().claimsOf("initech").get(0).verified()).isFalse();
    }

    @Test
    void domainWhenConsumerDomainThenPlainRefusal() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        submit(admin, "/domain", csrf, "domain", "gmail.com");

        assertThat(admin.get(SETUP + "/domain").body())
                .contains("gmail.com is a public email provider&#39;s domain. Use your organisation&#39;s own domain.");
        assertThat(nodes.backOffice.domains().claimsOf("initech")).isEmpty();
    }

    @Test
    void domainWhenAnotherTenantsThenSaysTakenAndNotByWhom() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        submit(admin, "/domain", csrf(admin), "domain", "globex.test");

        assertThat(admin.get(SETUP + "/domain").body()).contains("globex.test is already claimed by another organisation")
                .doesNotContain("globex-saml");
        assertThat(nodes.backOffice.domains().tenantFor("globex.test")).hasValue("globex");
    }

    @Test
    void idpWhenCertificateExpiredThenSaysSoWithTheDate() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        HttpResponse<String> refused = submit(admin, "/idp/okta", csrf(admin), "metadataXml",
                IdpSide.metadataWithExpiredKey("https://idp.initech.test/saml"));

        assertPlainPage(refused, 422);
        assertThat(refused.body()).containsPattern("The signing certificate \\(CN=expired\\.idp\\.acme\\.test\\) expired on"
                + " \\d{1,2} [A-Z][a-z]+ \\d{4}: renew it at your identity provider");
        assertThat(nodes.backOffice.connectionsOf("initech")).isEmpty();
    }

    @Test
    void idpWhenMetadataHasNoSigningKeyOrIsNotMetadataThenPlainRefusals() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        String unsigned = IdpSide.metadata().replaceAll("(?s)<md:KeyDescriptor.*?</md:KeyDescriptor>", "");

        HttpResponse<String> noKey = submit(admin, "/idp/saml", csrf, "metadataXml", unsigned);
        HttpResponse<String> notXml = submit(admin, "/idp/saml", csrf, "metadataXml", "hello");
        HttpResponse<String> neither = submit(admin, "/idp/saml", csrf);

        assertPlainPage(noKey, 422);
        assertThat(noKey.body()).contains("This metadata has no signing certificate");
        assertPlainPage(notXml, 422);
        assertPlainPage(neither, 422);
        assertThat(neither.body()).contains("Give either the metadata URL or the metadata XML");
        assertThat(nodes.backOffice.connectionsOf("initech")).isEmpty();
    }

    @Test
    void idpWhenSavedAgainThenTheDraftIsReplacedNotDuplicated() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);

        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata().replace(IdpSide.IDP, "https://one.test/saml"));
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata().replace(IdpSide.IDP, "https://two.test/saml"));

        JsonNode draft = connectionOf("initech");
        assertThat(draft.path("saml").path("metadata").asText()).contains("https://two.test/saml");
        assertThat(draft.path("active").asBoolean(true)).isFalse();
    }

    @Test
    void idpWhenAnotherTenantsIdpThenRefusedAtActivationWithoutSayingWhose() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        submit(admin, "/domain", csrf, "domain", "initech.test");
        publishProof("initech", "initech.test");
        submit(admin, "/domain/check", csrf, "domain", "initech.test");
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata().replace(IdpSide.IDP,
                "https://idp.globex.test/saml"));

        submit(admin, "/activate", csrf);

        assertThat(admin.get(SETUP + "/").body()).contains("already connected to another organisation")
                .doesNotContain("globex-saml").doesNotContain(">globex<").doesNotContain("for globex");
        assertThat(nodes.backOffice.connectionsOf("initech").get(0).key()).isNull();
    }

    @Test
    void rolesWhenRoleAboveCeilingThenRefusedAndPolicyUnchanged() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String before = nodes.backOffice.tenant("initech").orElseThrow().document();

        HttpResponse<String> refused = submitRaw(admin, "/roles", "csrf=" + csrf(admin) + "&group=root&role=superuser");

        assertPlainPage(refused, 422);
        assertThat(refused.body()).contains("superuser is not one of the roles you can give.");
        assertThat(nodes.backOffice.tenant("initech").orElseThrow().document()).isEqualTo(before);
    }

    @Test
    void rolesWhenRequiredGroupsGivenThenOnlyThoseSignIn() throws Exception {
        TestApp admin = opened(issueLink("initech"));

        submitRaw(admin, "/roles", "csrf=" + csrf(admin) + "&required="
                + URLEncoder.encode("staff\nstaff\n contractors \n", StandardCharsets.UTF_8));

        JsonNode policy = JSON.readTree(nodes.backOffice.tenant("initech").orElseThrow().document());
        assertThat(policy.path("requiredGroups").toString()).isEqualTo("[\"staff\",\"contractors\"]");
        assertThat(policy.path("roles").path("allowedRoles").size()).as("the ceiling stays").isEqualTo(3);
    }

    @Test
    void activateWhenNoVerifiedDomainThenSaysWhatIsMissing() throws Exception {
        TestApp admin = opened(issueLink("initech"));
        String csrf = csrf(admin);
        submit(admin, "/idp/saml", csrf, "metadataXml", IdpSide.metadata());

        submit(admin, "/activate", csrf);

        assertThat(admin.get(SETUP + "/").body()).contains("Verify a domain first.");
        assertThat(nodes.backOffice.connectionsOf("initech").get(0).key()).isNull();
    }
}

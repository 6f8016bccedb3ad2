package com.example.app;

import static org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestIdpExtension;
import io.jitprov.testidp.TestPerson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = "jit.base-url=http://localhost")
@AutoConfigureMockMvc
class SignInTests {

    static final TestPerson ALICE = TestPerson.withEmail("alice@acme.test").groups("acme-admins").build();

    @RegisterExtension
    static final TestIdpExtension idp = TestIdpExtension.with(b -> b.signingInAs(ALICE));

    @DynamicPropertySource
    static void pointAtTheTestIdp(DynamicPropertyRegistry properties) {
        properties.add("idp.metadata-url", () -> idp.get().samlMetadataUrl());
        properties.add("idp.entity-id", () -> idp.get().samlEntityId());
        properties.add("idp.allow-insecure-http", () -> "true");
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aliceSignsInThroughHerIdpAsAnAdmin() throws Exception {
        MockHttpSession browser = new MockHttpSession();
        String toTheIdp = mvc.perform(post("/sso/login").session(browser).contentType(APPLICATION_FORM_URLENCODED)
                .content("email=alice@acme.test&return=/hello")).andReturn().getResponse().getRedirectedUrl();

        TestIdp.Answer answer = idp.get().answer(toTheIdp);   // the IdP signs Alice in and posts her back
        MockHttpSession signedIn = (MockHttpSession) mvc.perform(post(answer.url()).session(browser)
                .contentType(APPLICATION_FORM_URLENCODED).content(answer.formBody()))
                .andReturn().getRequest().getSession();

        mvc.perform(get("/hello").session(signedIn))
                .andExpect(content().string("Hello alice@acme.test, you are [ROLE_admin, ROLE_member]"));
    }
}

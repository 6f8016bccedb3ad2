package io.jitprov.sample;

import io.jitprov.testidp.TestIdp;
import io.jitprov.testidp.TestPerson;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sample's development IdP, a jit-test-idp on {@code sample.dev-idp.port} (8181): SAML for
 * acme, OpenID Connect for globex, a page to pick the person. It signs in whoever is picked, so it
 * is for the sample only ({@code sample.dev-idp.enabled: false} turns it off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.dev-idp.enabled", matchIfMissing = true)
class DevIdpConfiguration {

    static final String CLIENT_ID = "jit-sample";

    @Bean(destroyMethod = "close")
    TestIdp devIdp(@Value("${sample.dev-idp.port:8181}") int port) {
        return TestIdp.builder().port(port).publicClient(CLIENT_ID).people(
                TestPerson.withEmail("alice@acme.test").name("Alice Liddell").groups("acme-staff", "acme-admins").build(),
                TestPerson.withEmail("bob@acme.test").name("Bob Builder").groups("acme-staff").build(),
                TestPerson.withEmail("carol@globex.test").name("Carol Danvers").groups("globex-admins").build())
                .start();
    }
}

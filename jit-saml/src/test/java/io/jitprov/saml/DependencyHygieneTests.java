package io.jitprov.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What the root POM removes from OpenSAML's transitive set stays removed: every other SAML test
 * runs without these jars, and this one says so outright.
 */
class DependencyHygieneTests {

    @ParameterizedTest
    @ValueSource(strings = {
        "org.springframework.core.SpringVersion",
        "org.apache.http.client.HttpClient",
        "org.apache.velocity.app.VelocityEngine",
        "org.glassfish.jaxb.runtime.v2.ContextFactory",
        "com.sun.xml.bind.v2.ContextFactory",
    })
    void classPathWhenSpTestsRunThenDroppedLibrariesAreAbsent(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void bouncyCastleWhenLoadedThenTheJdk18onJarNotTheVulnerableJdk15on() {
        String jar = BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation().toString();

        assertThat(jar).contains("bcprov-jdk18on").doesNotContain("jdk15on");
    }

    @Test
    void santuarioWhenLoadedThenThePinnedVersion() {
        String jar = org.apache.xml.security.Init.class.getProtectionDomain().getCodeSource().getLocation().toString();

        assertThat(jar).contains("xmlsec-4.");
    }
}

package io.jitprov.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review attack (issue 15): spellings of one domain that normalise apart, and lookalikes that
 * normalise together. Java's {@link java.net.IDN} is IDNA2003: it maps the IDNA2008 "deviation"
 * characters (ß, final ς, ZWJ, ZWNJ) away, so {@code straße.de} becomes {@code strasse.de}, a
 * different registrable domain from {@code xn--strae-oqa.de}, which is what {@code straße.de} is in
 * IDNA2008 / UTS #46 non-transitional processing (DENIC since 2010, browsers, SMTPUTF8 mail).
 * jit refuses names holding those four characters rather than pick one reading.
 */
class DomainNormalisationAttackTests {

    private DomainRegistry registry(String... consumer) {
        return DomainRegistry.builder()
                .dnsLookup(name -> List.of())
                .clock(MutableClock.at("2026-03-01T12:00:00Z"))
                .consumerDomains(consumer)
                .build();
    }

    // --- found by a fresh-eyes review, now closed -----------------------------------------------

    @Test
    void tenantForWhenTheOwnerOfTheTransitionalLookalikeVerifiedItThenTheIdna2008DomainDoesNotResolveToThem() {
        DomainRegistry registry = registry();
        // The owner of strasse.de proves strasse.de (DNS TXT at _jit-verification.strasse.de).
        registry.markVerified("strasse-owner", "strasse.de", false);

        // Mail for bob@straße.de is delivered to xn--strae-oqa.de, a domain strasse-owner does not own.
        assertThat(registry.tenantFor("stra\u00dfe.de")).as("straße.de is xn--strae-oqa.de, not strasse.de")
                .isEmpty();
    }

    @Test
    void tenantForWhenADomainIsSpelledWithACharacterTheIdnaVersionsDisagreeOnThenItResolvesToNobody() {
        DomainRegistry registry = registry();
        registry.markVerified("strasse-owner", "strasse.de", false);
        registry.markVerified("real-owner", "xn--strae-oqa.de", false);

        // Which of the two owners straße.de belongs to depends on the IDNA version: jit answers neither.
        assertThat(registry.tenantFor("stra\u00dfe.de")).isEmpty();
        assertThat(registry.tenantFor("xn--strae-oqa.de")).contains("real-owner");
        assertThatThrownBy(() -> registry.claim("mallory", "stra\u00dfe.de", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_INVALID));
    }

    @Test
    void consumerDomainsWhenGivenWithACharacterTheIdnaVersionsDisagreeOnThenRefusedSoTheOperatorGivesPunycode() {
        assertThatThrownBy(() -> registry("stra\u00dfe-mail.de")).isInstanceOf(DomainClaimException.class);

        DomainRegistry registry = registry("xn--strae-mail-83a.de");
        assertThatThrownBy(() -> registry.claim("mallory", "xn--strae-mail-83a.de", false))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_NOT_ALLOWED));
    }

    @Test
    void tenantForWhenAGreekFinalSigmaDomainIsVerifiedThenTheNonFinalSigmaLookalikeDoesNotResolve() {
        DomainRegistry registry = registry();
        // IDNA2008 keeps final sigma: ὀδυσσεύς.gr and ὀδυσσεύσ.gr are two registrable names.
        registry.markVerified("owner", "\u1f40\u03b4\u03c5\u03c3\u03c3\u03b5\u03cd\u03c3.gr", false);

        assertThat(registry.tenantFor("\u1f40\u03b4\u03c5\u03c3\u03c3\u03b5\u03cd\u03c2.gr")).isEmpty();
    }

    @Test
    void claimWhenAParentOfAConsumerDomainIsClaimedWithSubdomainsThenTheConsumerDomainDoesNotResolveToTheTenant() {
        // Anyone can sign up for an address at users.isp.test (the operator says so)...
        DomainRegistry registry = registry("users.isp.test");
        // ...and the ISP's staff tenant verifies its own parent domain, with subdomains.
        registry.markVerified("isp-staff", "isp.test", true);

        // A stranger's bob@users.isp.test now signs in as a member of the ISP's staff tenant.
        assertThat(registry.tenantFor("users.isp.test")).as("a consumer mail domain").isEmpty();
        assertThat(registry.tenantFor("eu.users.isp.test")).as("below a consumer mail domain").isEmpty();
    }

    // --- tried, held ----------------------------------------------------------------------------

    @Test
    void claimWhenAWellKnownConsumerDomainIsSpelledAnyOtherWayThenRefused() {
        DomainRegistry registry = registry();
        for (String spelling : List.of("GMAIL.COM", "gmail.com.", "Gmail.Com.", "\uff47\uff4d\uff41\uff49\uff4c.\uff43\uff4f\uff4d",
                "gmail\u3002com", "gm\u00adail.com", "mail.gmail.com",
                "a.b.c.outlook.com", "GoogleMail.com", "\uff4d\uff41\uff49\uff4c.ru")) {
            assertThatThrownBy(() -> registry.claim("mallory", spelling, true)).as(spelling)
                    .isInstanceOfSatisfying(DomainClaimException.class,
                            e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_NOT_ALLOWED));
            assertThatThrownBy(() -> registry.markVerified("mallory", spelling, true)).as(spelling)
                    .isInstanceOf(DomainClaimException.class);
        }
        for (String refused : List.of("gmail.com..", ".gmail.com", "gmail.com\u3002", "gmail .com", "gmail.com/x",
                "gmail.com:443", "*.gmail.com", "gmail.com\u0000", "g\u200cmail.com", "gm\u200dail.com")) {
            assertThatThrownBy(() -> registry.claim("mallory", refused, true)).as(refused)
                    .isInstanceOfSatisfying(DomainClaimException.class,
                            e -> assertThat(e.error().code()).isEqualTo(JitErrorCodes.DOMAIN_INVALID));
        }
        assertThat(registry.claimsOf("mallory")).isEmpty();
    }

    @Test
    void tenantForWhenLookalikesOfAVerifiedParentAreAskedThenNothing() {
        DomainRegistry registry = registry();
        registry.markVerified("acme", "acme.test", true);

        assertThat(registry.tenantFor("deep.eu.acme.test.")).contains("acme");
        assertThat(registry.tenantFor("EU.ACME.TEST")).contains("acme");
        for (String lookalike : List.of("acme.test.evil.test", "xacme.test", "eu-acme.test", "acme.tes", "acme.testt",
                "\u0430cme.test", "eu.\u0430cme.test", "acme\u3002test\u3002", "acme.test..", "eu..acme.test")) {
            assertThat(registry.tenantFor(lookalike)).as(lookalike).isEmpty();
        }
    }
}

package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressTests {

    @Test
    void parseWhenCaseDiffersThenSameAddress() {
        assertThat(EmailAddress.parse("Alice@ACME.test")).isEqualTo(EmailAddress.parse("alice@acme.test"));
        assertThat(EmailAddress.parse("Alice@ACME.test").orElseThrow().value()).isEqualTo("alice@acme.test");
    }

    @Test
    void parseWhenIdnDomainThenPunycode() {
        assertThat(EmailAddress.parse("j\u00f6rg@B\u00fccher.test").orElseThrow().value())
                .isEqualTo("j\u00f6rg@xn--bcher-kva.test");
    }

    @Test
    void parseWhenTrailingDotThenDropped() {
        assertThat(EmailAddress.parse("alice@acme.test.").orElseThrow().domain()).isEqualTo("acme.test");
    }

    @Test
    void parseWhenCyrillicLookalikeDomainThenDifferentDomain() {
        assertThat(EmailAddress.parse("alice@\u0430cme.test").orElseThrow().domain()).isNotEqualTo("acme.test");
    }

    @Test
    void parseWhenTwoAtSignsOrQuotesThenRefused() {
        assertThat(EmailAddress.parse("alice@evil.test@acme.test")).isEmpty();
        assertThat(EmailAddress.parse("\"alice@evil.test\"@acme.test")).isEmpty();
        assertThat(EmailAddress.parse("alice@acme.test\u0000")).isEmpty();
        assertThat(EmailAddress.parse("al..ice@acme.test")).isEmpty();
    }
}

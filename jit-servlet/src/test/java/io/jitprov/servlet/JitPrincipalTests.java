package io.jitprov.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.Account;
import io.jitprov.core.AccountStatus;
import io.jitprov.core.ExternalIdentity;
import io.jitprov.core.IdentityKind;
import io.jitprov.core.ValidatedAttributes;
import io.jitprov.core.VerifiedIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JitPrincipalTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static JitPrincipal principal(boolean emailVerified) {
        Account account = new Account("a-1", "acme", "alice@acme.test", IdentityKind.HUMAN, AccountStatus.ACTIVE,
                ValidatedAttributes.empty(), Set.of(), List.of(new ExternalIdentity("https://idp", "alice")), NOW, NOW,
                0, null, emailVerified);
        return new JitPrincipal(account, VerifiedIdentity.issuedBy("https://idp").subject("alice").build(),
                IdpRoute.Protocol.SAML, NOW);
    }

    @Test
    void emailWhenTheAccountsEmailCameFromADirectoryThenEmptyAndTheNameIsTheAccountId() {
        JitPrincipal pushed = principal(false);

        assertThat(pushed.email()).isEmpty();
        assertThat(pushed.getName()).isEqualTo("a-1");
    }

    @Test
    void emailWhenTheAccountsEmailIsVerifiedThenIt() {
        assertThat(principal(true).email()).contains("alice@acme.test");
        assertThat(principal(true).getName()).isEqualTo("alice@acme.test");
    }
}

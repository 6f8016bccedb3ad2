package io.jitprov.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.MutableClock;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.core.wiring.RefreshListener.Document;
import io.jitprov.core.wiring.RefreshListener.Refresh;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What jit's health says of IdP documents as their reads come and go; Actuator's side is JitHealthIndicatorTests. */
class JitHealthTests {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    private final JitHealth health = new JitHealth();

    JitHealthTests() {
        health.started(JitStores.inMemory(Clock.fixed(NOW, ZoneId.of("UTC"))));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> detail(String name) {
        return (List<Map<String, Object>>) health.check().details().get(name);
    }

    @Test
    void aDocumentFailingSinceItsFirstFailureUntilAReadSucceedsAgain() {
        health.refreshed(new Refresh(Document.JWKS, "https://idp.example/keys", null, null));
        health.refreshed(new Refresh(Document.JWKS, "https://idp.example/keys", "HTTP 503", null));
        health.refreshed(new Refresh(Document.JWKS, "https://idp.example/keys", "connect timed out", null));

        assertThat(detail("idpDocumentsFailing")).containsExactly(Map.of("idp", "https://idp.example/keys",
                "document", "jwks", "failingSince", NOW.toString(), "reason", "connect timed out"));
        assertThat(health.check().up()).as("an IdP's outage is not jit's").isTrue();

        health.refreshed(new Refresh(Document.JWKS, "https://idp.example/keys", null, null));
        assertThat(detail("idpDocumentsFailing")).isEmpty();
    }

    @Test
    void certificatesAreNamedWithinThirtyDaysOfTheirEndAndNotBefore() {
        health.refreshed(new Refresh(Document.SAML_METADATA, "https://soon.example", null, NOW.plus(Duration.ofDays(29))));
        health.refreshed(new Refresh(Document.SAML_METADATA, "https://later.example", null, NOW.plus(Duration.ofDays(31))));
        health.refreshed(new Refresh(Document.SAML_METADATA, "https://gone.example", null, NOW.minus(Duration.ofDays(1))));

        assertThat(detail("certificatesExpiringSoon")).extracting(m -> m.get("idp"))
                .containsExactly("https://gone.example", "https://soon.example");
    }

    @Test
    void documentsBeyondTheBoundAreCountedNotKept() {
        for (int i = 0; i < JitHealth.MAX_DOCUMENTS + 5; i++) {
            health.refreshed(new Refresh(Document.OIDC_DISCOVERY, "https://idp" + i + ".example", "HTTP 500", null));
        }

        assertThat(health.check().details().get("idpDocumentsRead")).isEqualTo(JitHealth.MAX_DOCUMENTS);
        assertThat(health.check().details()).containsKey("idpDocumentsNotFollowed");
        assertThat(health.check().details().get("idpDocumentsFailingCount")).isEqualTo(JitHealth.MAX_DOCUMENTS);
        assertThat(detail("idpDocumentsFailing")).as("a bounded answer").hasSize(JitHealth.MAX_LISTED);
    }

    @Test
    void beforeJitIsBuiltOnItsStoresItIsNotUp() {
        JitHealth unstarted = new JitHealth();

        assertThat(unstarted.check().up()).isFalse();
        assertThat(unstarted.check().details()).containsEntry("store", "not started");
    }

    @Test
    void namesAndReasonsFromOutsideAreShownShortAndWithoutControlCharacters() {
        String hostile = "https://idp.example/\r\n\u0000" + "x".repeat(5_000);
        health.refreshed(new Refresh(Document.SAML_METADATA, hostile, "<html>\n" + "y".repeat(5_000), null));

        Map<String, Object> failing = detail("idpDocumentsFailing").get(0);
        assertThat((String) failing.get("idp")).hasSize(JitHealth.MAX_TEXT).doesNotContain("\r", "\n", "\u0000");
        assertThat((String) failing.get("reason")).hasSize(JitHealth.MAX_TEXT).startsWith("<html> y");
    }

    @Test
    void anIdpThatFailsAfterTheBoundWasOnceReachedIsStillNamed() {
        // Months of registry connections created and deleted: each document heard of once, then never again.
        for (int i = 0; i < JitHealth.MAX_DOCUMENTS; i++) {
            health.refreshed(new Refresh(Document.OIDC_DISCOVERY, "https://deleted" + i + ".example", null, null));
        }

        health.refreshed(new Refresh(Document.SAML_METADATA, "https://idp.new-tenant.example", "HTTP 503", null));

        assertThat(health.check().details().get("idpDocumentsFailingCount")).as("today's outage").isEqualTo(1);
        assertThat(detail("idpDocumentsFailing")).extracting(m -> m.get("idp"))
                .containsExactly("https://idp.new-tenant.example");
    }

    @Test
    void aUrlsCredentialsAndQueryAreNotShown() {
        health.refreshed(new Refresh(Document.SAML_METADATA, "url https://jit:p4ss@idp.example/metadata?token=s3cret",
                "HTTP 401 from https://idp.example/metadata?token=s3cret", null));

        Map<String, Object> failing = detail("idpDocumentsFailing").get(0);
        assertThat(failing.get("idp")).isEqualTo("url https://idp.example/metadata");
        assertThat(failing.get("reason")).isEqualTo("HTTP 401 from https://idp.example/metadata");
    }

    @Test
    void theOldestFailuresAreListedFirstWhateverTheirNames() {
        JitHealth later = new JitHealth();
        MutableClock now = new MutableClock(NOW);
        later.started(JitStores.inMemory(now));
        later.refreshed(new Refresh(Document.JWKS, "https://zz-first.example/keys", "HTTP 503", null));
        now.advance(Duration.ofMinutes(1));
        later.refreshed(new Refresh(Document.JWKS, "https://!!!-second.example/keys", "HTTP 503", null));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failing = (List<Map<String, Object>>) later.check().details().get("idpDocumentsFailing");
        assertThat(failing).extracting(m -> m.get("idp"))
                .containsExactly("https://zz-first.example/keys", "https://!!!-second.example/keys");
    }
}

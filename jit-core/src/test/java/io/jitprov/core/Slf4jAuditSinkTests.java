package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Slf4jAuditSinkTests {

    @Test
    void formatWhenValuesHoldQuotesAndNewlinesThenOneLineWithNoForgedField() {
        AuditEvent event = new AuditEvent(Instant.parse("2026-03-01T12:00:00Z"), "c-1", AuditEvent.LOGIN, "refused",
                "acme", "https://idp", "eve\" outcome=\"created\nnext line", null,
                List.of(new JitError(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain [x] is not verified")),
                Set.of(), Set.of());

        String line = Slf4jAuditSink.format(event);

        assertThat(line).doesNotContain("\n")
                .contains("subject=\"eve\\\" outcome=\\\"created\\u000anext line\"")
                .contains("outcome=\"refused\"")
                .contains("code=\"domain_not_verified\"")
                .startsWith("time=\"2026-03-01T12:00:00Z\" correlation_id=\"c-1\" action=\"login\"");
    }

    @Test
    void formatWhenRolesChangedThenSortedLists() {
        AuditEvent event = new AuditEvent(Instant.EPOCH, "c", AuditEvent.LOGIN, "updated", "acme", "i", "s", "a-1",
                List.of(), Set.of("member", "admin"), Set.of("operator"));

        assertThat(Slf4jAuditSink.format(event))
                .contains("roles_added=\"admin,member\"")
                .contains("roles_removed=\"operator\"")
                .doesNotContain("code=");
    }
}

package io.jitprov.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.internal.Sha256;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Slf4jAuditSinkTests {

    @Test
    void formatWhenValuesHoldQuotesAndNewlinesThenOneLineWithNoForgedField() {
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.parse("2026-03-01T12:00:00Z"))
                .correlationId("c-1").tenantId("acme").identity("https://idp", "eve\" outcome=\"created\nnext line")
                .errors(List.of(new JitError(JitErrorCodes.DOMAIN_NOT_VERIFIED, "Domain [x] is not verified"))).build();

        String line = Slf4jAuditSink.format(event);

        assertThat(line).doesNotContain("\n")
                .contains("subject=\"eve\\\" outcome=\\\"created\\u000anext line\"")
                .contains("outcome=\"refused\"")
                .contains("code=\"domain_not_verified\"")
                .startsWith("time=\"2026-03-01T12:00:00Z\" correlation_id=\"c-1\" action=\"login\"");
    }

    @Test
    void formatWhenValuesHoldOtherLineBreaksControlAndFormatCharactersThenAllEscaped() {
        String hostile = "a\u0085b\u2028c\r\nd\u202ee\u0000f\u009bg\\h";
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.EPOCH).id("e-1")
                .correlationId("c").tenantId(hostile).identity(hostile, hostile).accountId(hostile)
                .errors(List.of(new JitError("x", hostile))).rolesAdded(Set.of(hostile))
                .actor(AuditActor.account(hostile)).build();

        String line = Slf4jAuditSink.format(event);

        assertThat(line).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u202e", "\u0000", "\u009b")
                .contains("subject=\"a\\u0085b\\u2028c\\u000d\\u000ad\\u202ee\\u0000f\\u009bg\\\\h\"");
    }

    @Test
    void formatWhenValueHoldsALoneSurrogateThenEscapedSoNoEncoderReplacesIt() {
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.EPOCH).correlationId("c")
                .tenantId("acme").identity("i", "x\ud800y\ud83d\ude00\udc00").build();

        assertThat(Slf4jAuditSink.format(event)).contains("subject=\"x\\ud800y\ud83d\ude00\\udc00\"");
    }

    @Test
    void formatWhenAValueIsHugeThenCutWithAHashOfTheWholeValue() {
        String huge = "s".repeat(1_000_000);
        String other = "s".repeat(999_999) + "t";
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.EPOCH).correlationId("c")
                .tenantId("acme").identity("i", huge).build();
        AuditEvent otherEvent = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.REFUSED, Instant.EPOCH).correlationId("c")
                .tenantId("acme").identity("i", other).build();

        String line = Slf4jAuditSink.format(event);

        assertThat(line).hasSizeLessThan(10_000)
                .contains("subject=\"sss").contains("...sha256:" + Sha256.hex(huge).substring(0, 16) + "\"");
        assertThat(Slf4jAuditSink.format(otherEvent)).isNotEqualTo(line);
    }

    @Test
    void formatWhenRolesChangedThenSortedLists() {
        AuditEvent event = AuditEvent.of(AuditAction.LOGIN, AuditOutcome.UPDATED, Instant.EPOCH).correlationId("c")
                .tenantId("acme").identity("i", "s").accountId("a-1").rolesAdded(Set.of("member", "admin"))
                .rolesRemoved(Set.of("operator")).build();

        assertThat(Slf4jAuditSink.format(event))
                .contains("roles_added=\"admin,member\"")
                .contains("roles_removed=\"operator\"")
                .doesNotContain("code=");
    }
}

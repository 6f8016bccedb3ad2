package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.internal.Sha256;
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
    void formatWhenValuesHoldOtherLineBreaksControlAndFormatCharactersThenAllEscaped() {
        String hostile = "a\u0085b\u2028c\r\nd\u202ee\u0000f\u009bg\\h";
        AuditEvent event = new AuditEvent("e-1", Instant.EPOCH, "c", AuditEvent.LOGIN, "refused", hostile, hostile, hostile,
                hostile, List.of(new JitError("x", hostile)), Set.of(hostile), Set.of(), hostile);

        String line = Slf4jAuditSink.format(event);

        assertThat(line).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u202e", "\u0000", "\u009b")
                .contains("subject=\"a\\u0085b\\u2028c\\u000d\\u000ad\\u202ee\\u0000f\\u009bg\\\\h\"");
    }

    @Test
    void formatWhenValueHoldsALoneSurrogateThenEscapedSoNoEncoderReplacesIt() {
        AuditEvent event = new AuditEvent(Instant.EPOCH, "c", AuditEvent.LOGIN, "refused", "acme", "i",
                "x\ud800y\ud83d\ude00\udc00", null, List.of(), Set.of(), Set.of());

        assertThat(Slf4jAuditSink.format(event)).contains("subject=\"x\\ud800y\ud83d\ude00\\udc00\"");
    }

    @Test
    void formatWhenAValueIsHugeThenCutWithAHashOfTheWholeValue() {
        String huge = "s".repeat(1_000_000);
        String other = "s".repeat(999_999) + "t";
        AuditEvent event = new AuditEvent(Instant.EPOCH, "c", AuditEvent.LOGIN, "refused", "acme", "i", huge, null,
                List.of(), Set.of(), Set.of());
        AuditEvent otherEvent = new AuditEvent(Instant.EPOCH, "c", AuditEvent.LOGIN, "refused", "acme", "i", other,
                null, List.of(), Set.of(), Set.of());

        String line = Slf4jAuditSink.format(event);

        assertThat(line).hasSizeLessThan(10_000)
                .contains("subject=\"sss").contains("...sha256:" + Sha256.hex(huge).substring(0, 16) + "\"");
        assertThat(Slf4jAuditSink.format(otherEvent)).isNotEqualTo(line);
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

package io.jitprov.core.attributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.jitprov.core.IdentityKind;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeSchemaTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static List<String> codes(AttributeSchema.Result result) {
        return result.errors().stream().map(JitError::code).toList();
    }

    @Test
    void checkWhenEmailArrivesUnderSamlOidThenItIsTheEmail() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attribute("urn:oid:0.9.2342.19200300.100.1.3", "Alice@ACME.test").build();

        AttributeSchema.Result result = AttributeSchema.standard().check(identity, NOW);

        assertThat(result.passed()).isTrue();
        assertThat(result.attributes().values("email")).containsExactly("alice@acme.test");
    }

    @Test
    void checkWhenEmailArrivesUnderMicrosoftClaimThenItIsTheEmail() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attribute("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "bob@globex.test")
                .build();

        assertThat(AttributeSchema.standard().check(identity, NOW).attributes().first("email"))
                .contains("bob@globex.test");
    }

    @Test
    void checkWhenGroupsArriveUnderAdfsGroupClaimThenTheyAreTheGroups() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s").attribute("email", "carl@acme.test")
                .attribute("http://schemas.xmlsoap.org/claims/Group", "App-Admins")
                .attribute("http://schemas.xmlsoap.org/claims/Group", "Domain Users").build();

        assertThat(AttributeSchema.standard().check(identity, NOW).attributes().values("groups"))
                .containsExactly("App-Admins", "Domain Users");
    }

    @Test
    void checkWhenSameValueArrivesUnderTwoAliasesThenItCountsOnce() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attribute("email", "alice@acme.test").attribute("mail", "ALICE@acme.test").build();

        AttributeSchema.Result result = AttributeSchema.standard().check(identity, NOW);

        assertThat(result.passed()).isTrue();
        assertThat(result.attributes().values("email")).containsExactly("alice@acme.test");
    }

    @Test
    void checkWhenDifferentValuesArriveForSingleValuedThenNotSingleValued() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attribute("email", "alice@acme.test").attribute("mail", "mallory@acme.test").build();

        assertThat(codes(AttributeSchema.standard().check(identity, NOW)))
                .containsExactly(JitErrorCodes.ATTRIBUTE_NOT_SINGLE_VALUED);
    }

    @Test
    void checkWhenRequiredEmailMissingForPersonThenMissing() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s").build();

        assertThat(codes(AttributeSchema.standard().check(identity, NOW)))
                .containsExactly(JitErrorCodes.ATTRIBUTE_MISSING);
    }

    @Test
    void checkWhenEmailMissingForWorkloadThenAccepted() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("svc").kind(IdentityKind.WORKLOAD).build();

        assertThat(AttributeSchema.standard().check(identity, NOW).passed()).isTrue();
    }

    @Test
    void checkWhenEmailMalformedThenInvalid() {
        for (String bad : List.of("alice", "alice@", "@acme.test", "al ice@acme.test", "\"a\"@acme.test",
                "alice@acme..test", "alice@-acme.test", "alice@acme.test/x", "alice@localhost")) {
            VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s").attribute("email", bad).build();
            assertThat(codes(AttributeSchema.standard().check(identity, NOW))).as(bad)
                    .containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
        }
    }

    @Test
    void checkWhenSeveralProblemsThenEveryOneIsReported() {
        AttributeSchema schema = AttributeSchema.standard().toBuilder()
                .attribute(AttributeDefinition.named("employee_id").pattern("[0-9]{6}").required().build())
                .attribute(AttributeDefinition.named("department").type(AttributeType.ENUM)
                        .allowedValues("sales", "engineering").required().build())
                .build();
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attribute("email", "not-an-email").attribute("employee_id", "12ab").build();

        AttributeSchema.Result result = schema.check(identity, NOW);

        assertThat(codes(result)).containsExactly(JitErrorCodes.ATTRIBUTE_INVALID,
                JitErrorCodes.ATTRIBUTE_PATTERN_MISMATCH, JitErrorCodes.ATTRIBUTE_MISSING);
        assertThat(result.errors().get(1).description()).contains("employee_id").contains("[12ab]");
    }

    @Test
    void checkWhenEnumValueNotListedThenInvalid() {
        AttributeSchema schema = AttributeSchema.builder().attribute(AttributeDefinition.named("department")
                .type(AttributeType.ENUM).allowedValues("sales", "engineering").build()).build();

        assertThat(codes(schema.check(identity("department", "Sales"), NOW))).containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
        assertThat(schema.check(identity("department", "sales"), NOW).passed()).isTrue();
    }

    @Test
    void checkWhenBooleanThenOnlyTrueOrFalseInAnyCase() {
        AttributeSchema schema = AttributeSchema.builder()
                .attribute(AttributeDefinition.named("active").type(AttributeType.BOOLEAN).build()).build();

        assertThat(schema.check(identity("active", "TRUE"), NOW).attributes().first("active")).contains("true");
        assertThat(codes(schema.check(identity("active", "yes"), NOW))).containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
    }

    @Test
    void checkWhenTimestampThenIsoOrEpochSecondsNormalisedToIso() {
        AttributeSchema schema = AttributeSchema.builder()
                .attribute(AttributeDefinition.named("updated_at").type(AttributeType.TIMESTAMP).build()).build();

        assertThat(schema.check(identity("updated_at", "1767225600"), NOW).attributes().first("updated_at"))
                .contains("2026-01-01T00:00:00Z");
        assertThat(schema.check(identity("updated_at", "2026-01-01T00:00:00Z"), NOW).passed()).isTrue();
        assertThat(codes(schema.check(identity("updated_at", "yesterday"), NOW)))
                .containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
    }

    @Test
    void checkWhenValueTooLongThenTooLong() {
        AttributeSchema schema = AttributeSchema.builder()
                .attribute(AttributeDefinition.named("nick").maxLength(8).build()).build();

        assertThat(codes(schema.check(identity("nick", "123456789"), NOW))).containsExactly(JitErrorCodes.ATTRIBUTE_TOO_LONG);
        assertThat(schema.check(identity("nick", "12345678"), NOW).passed()).isTrue();
    }

    @Test
    void checkWhenStringHasControlCharactersThenInvalid() {
        AttributeSchema schema = AttributeSchema.builder().attribute(AttributeDefinition.named("nick").build()).build();

        assertThat(codes(schema.check(identity("nick", "ok\nforged=line"), NOW)))
                .containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
    }

    @Test
    void checkWhenStringHasAnUnpairedSurrogateThenInvalidButPairsPass() {
        AttributeSchema schema = AttributeSchema.builder().attribute(AttributeDefinition.named("nick").build()).build();

        assertThat(codes(schema.check(identity("nick", "a\ud800"), NOW))).containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
        assertThat(codes(schema.check(identity("nick", "\udc00a"), NOW))).containsExactly(JitErrorCodes.ATTRIBUTE_INVALID);
        assertThat(schema.check(identity("nick", "smile \ud83d\ude00"), NOW).passed()).isTrue();
    }

    @Test
    void checkWhenTooManyValuesThenTooManyValues() {
        AttributeSchema schema = AttributeSchema.builder()
                .attribute(AttributeDefinition.named("groups").multiValued(2).build()).build();

        assertThat(codes(schema.check(identity("groups", "a", "b", "c"), NOW)))
                .containsExactly(JitErrorCodes.ATTRIBUTE_TOO_MANY_VALUES);
        assertThat(schema.check(identity("groups", "a", "b"), NOW).attributes().values("groups")).containsExactly("a", "b");
    }

    @Test
    void checkWhenAttributeNotDeclaredThenItIsDropped() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s").attribute("email", "a@acme.test")
                .attribute("favourite_colour", "blue").build();

        assertThat(AttributeSchema.standard().check(identity, NOW).attributes().asMap()).containsOnlyKeys("email");
    }

    @Test
    void checkWhenAuthenticationOlderThanMaxAgeThenStale() {
        AttributeSchema schema = AttributeSchema.builder().maxAuthenticationAge(Duration.ofMinutes(10)).build();
        VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy("idp").subject("s");

        assertThat(schema.check(identity.authnInstant(NOW.minus(Duration.ofMinutes(11))).build(), NOW).passed())
                .as("within the 60 s skew").isTrue();
        assertThat(codes(schema.check(identity.authnInstant(NOW.minus(Duration.ofMinutes(12))).build(), NOW)))
                .containsExactly(JitErrorCodes.AUTHENTICATION_STALE);
        assertThat(codes(schema.check(identity.authnInstant(null).build(), NOW)))
                .containsExactly(JitErrorCodes.AUTHENTICATION_STALE);
    }

    @Test
    void checkWhenIdentityPastNotOnOrAfterThenExpired() {
        AttributeSchema schema = AttributeSchema.builder().build();
        VerifiedIdentity.Builder identity = VerifiedIdentity.issuedBy("idp").subject("s");

        assertThat(schema.check(identity.notOnOrAfter(NOW.minusSeconds(30)).build(), NOW).passed()).isTrue();
        assertThat(codes(schema.check(identity.notOnOrAfter(NOW.minusSeconds(60)).build(), NOW)))
                .containsExactly(JitErrorCodes.IDENTITY_EXPIRED);
    }

    @Test
    void checkWhenSubjectHasControlCharactersOrIsHugeThenIdentityInvalid() {
        AttributeSchema schema = AttributeSchema.builder().build();

        assertThat(codes(schema.check(VerifiedIdentity.issuedBy("idp").subject("a\u0000b").build(), NOW)))
                .containsExactly(JitErrorCodes.IDENTITY_INVALID);
        assertThat(codes(schema.check(VerifiedIdentity.issuedBy("idp").subject("x".repeat(1025)).build(), NOW)))
                .containsExactly(JitErrorCodes.IDENTITY_INVALID);
    }

    @Test
    void checkWhenSubjectOrIssuerHasAnUnpairedSurrogateThenIdentityInvalid() {
        AttributeSchema schema = AttributeSchema.builder().build();

        // Stores write a lone surrogate as '?': "a\ud800" and "a?" would share one account.
        assertThat(codes(schema.check(VerifiedIdentity.issuedBy("idp").subject("a\ud800").build(), NOW)))
                .containsExactly(JitErrorCodes.IDENTITY_INVALID);
        assertThat(codes(schema.check(VerifiedIdentity.issuedBy("idp\udfff").subject("a").build(), NOW)))
                .containsExactly(JitErrorCodes.IDENTITY_INVALID);
    }

    @Test
    void buildWhenAliasDeclaredTwiceThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AttributeSchema.builder()
                        .attribute(AttributeDefinition.named("email").aliases("mail").build())
                        .attribute(AttributeDefinition.named("contact").aliases("mail").build())
                        .build())
                .withMessage("Attribute name [mail] is declared by both [email] and [contact]");
    }

    @Test
    void buildWhenEnumWithoutValuesThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AttributeDefinition.named("d").type(AttributeType.ENUM).build())
                .withMessage("allowedValues cannot be empty for an ENUM attribute [d]");
    }

    private static VerifiedIdentity identity(String name, String... values) {
        return VerifiedIdentity.issuedBy("idp").subject("s").attribute(name, values).build();
    }
}

package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedIdentityTests {

    @Test
    void buildWhenBuilderChangedAfterwardsThenTheBuiltIdentityDoesNotChange() {
        VerifiedIdentity.Builder builder = VerifiedIdentity.issuedBy("idp").subject("s").attribute("groups", "a");
        VerifiedIdentity first = builder.build();

        builder.attribute("groups", "b").attributes(a -> a.put("email", List.of("x@acme.test")));
        VerifiedIdentity second = builder.build();

        assertThat(first.attributes()).containsOnlyKeys("groups");
        assertThat(first.attributes().get("groups")).containsExactly("a");
        assertThat(second.attributes().get("groups")).containsExactly("a", "b");
    }

    @Test
    void attributesWhenCallerKeepsItsListThenLaterChangesDoNotLeakIn() {
        List<String> groups = new ArrayList<>(List.of("a"));
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s")
                .attributes(a -> a.put("groups", groups)).build();

        groups.add("admins");

        assertThat(identity.attributes().get("groups")).containsExactly("a");
        assertThatThrownBy(() -> identity.attributes().get("groups").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void attributesWhenEmptyValuesThenTheAttributeIsAbsent() {
        VerifiedIdentity identity = VerifiedIdentity.issuedBy("idp").subject("s").attribute("groups", List.of())
                .attributes(a -> a.put("email", List.of())).build();

        assertThat(identity.attributes()).isEmpty();
    }

    @Test
    void builderWhenIssuerEmptyThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> VerifiedIdentity.issuedBy("")).withMessage("issuer cannot be empty");
    }
}

package io.jitprov.testidp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Someone the {@link TestIdp} signs in: the subject, the email, the name, the groups and any further
 * attributes it asserts. SAML attributes are named {@code email}, {@code name}, {@code given_name},
 * {@code family_name} and {@code groups} (jit's standard names, with the usual friendly names);
 * OpenID Connect claims carry the same names.
 *
 * <pre>
 * TestPerson alice = TestPerson.withEmail("alice@acme.test").name("Alice Liddell")
 *         .groups("acme-staff", "acme-admins").attribute("department", "Finance").build();
 * </pre>
 *
 * @since 0.1
 */
public final class TestPerson {

    private final String subject;
    private final String email;
    private final boolean emailVerified;
    private final String name;
    private final List<String> groups;
    private final Map<String, List<String>> attributes;
    private final boolean mfa;

    private TestPerson(Builder b) {
        this.email = b.email;
        this.subject = b.subject != null ? b.subject : b.email;
        this.emailVerified = b.emailVerified;
        this.name = b.name != null ? b.name : nameOf(b.email);
        this.groups = List.copyOf(b.groups);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.attributes = Map.copyOf(copy);
        this.mfa = b.mfa;
    }

    /** Starts a person with this email; the subject is the email and the name is made from it until set. */
    public static Builder withEmail(String email) {
        return new Builder(email);
    }

    /** The stable identifier: the SAML NameID (persistent) and the OpenID Connect {@code sub}. */
    public String subject() {
        return subject;
    }

    public String email() {
        return email;
    }

    /** OpenID Connect's {@code email_verified}; SAML says nothing of it. True unless set. */
    public boolean emailVerified() {
        return emailVerified;
    }

    public String name() {
        return name;
    }

    public List<String> groups() {
        return groups;
    }

    /** Further attributes (SAML) and claims (OpenID Connect), by name. */
    public Map<String, List<String>> attributes() {
        return attributes;
    }

    /**
     * Whether the sign-in used a second factor: SAML's authentication context
     * {@value TestIdp#MFA_CONTEXT} and OpenID Connect's {@code amr} {@code ["pwd","mfa"]}.
     */
    public boolean mfa() {
        return mfa;
    }

    public Builder toBuilder() {
        Builder b = new Builder(email).subject(subject).emailVerified(emailVerified).name(name).mfa(mfa);
        b.groups.addAll(groups);
        attributes.forEach((k, v) -> b.attributes.put(k, new ArrayList<>(v)));
        return b;
    }

    @Override
    public String toString() {
        return "TestPerson[" + subject + ", " + email + "]";
    }

    private static String nameOf(String email) {
        String local = email.substring(0, Math.max(email.indexOf('@'), 0));
        return local.isEmpty() ? email : local.substring(0, 1).toUpperCase(Locale.ROOT) + local.substring(1);
    }

    /** Builds a {@link TestPerson}. */
    public static final class Builder {

        private final String email;
        private String subject;
        private boolean emailVerified = true;
        private String name;
        private final List<String> groups = new ArrayList<>();
        private final Map<String, List<String>> attributes = new LinkedHashMap<>();
        private boolean mfa;

        private Builder(String email) {
            Objects.requireNonNull(email, "email cannot be null");
            if (email.isBlank()) {
                throw new IllegalArgumentException("email cannot be empty");
            }
            this.email = email;
        }

        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject cannot be null");
            if (subject.isBlank()) {
                throw new IllegalArgumentException("subject cannot be empty");
            }
            this.subject = subject;
            return this;
        }

        public Builder emailVerified(boolean emailVerified) {
            this.emailVerified = emailVerified;
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name cannot be null");
            return this;
        }

        /** Replaces the groups. */
        public Builder groups(String... groups) {
            return groups(List.of(groups));
        }

        /** Replaces the groups. */
        public Builder groups(List<String> groups) {
            this.groups.clear();
            this.groups.addAll(groups);
            return this;
        }

        /** Sets a further attribute, replacing any values it had. */
        public Builder attribute(String name, String... values) {
            Objects.requireNonNull(name, "name cannot be null");
            attributes.put(name, List.of(values));
            return this;
        }

        public Builder mfa(boolean mfa) {
            this.mfa = mfa;
            return this;
        }

        public TestPerson build() {
            return new TestPerson(this);
        }
    }
}

package io.jitprov.saml;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an AuthnRequest asks of the IdP beyond "who is this" (SAML core 3.4.1): a fresh login
 * ({@code ForceAuthn}, for step-up), a minimum authentication context, no interaction
 * ({@code IsPassive}), and the RelayState to come back with.
 *
 * @since 0.1
 */
public final class AuthnRequestOptions {

    /** How the IdP should compare its authentication context with the requested classes (core 3.3.2.2.1). */
    public enum Comparison {
        /** One of the classes exactly. */
        EXACT,
        /** At least as strong as one of the classes. */
        MINIMUM,
        /** No stronger than one of the classes. */
        MAXIMUM,
        /** Stronger than all of the classes. */
        BETTER
    }

    private static final AuthnRequestOptions DEFAULTS = builder().build();

    /** RelayState may be at most 80 bytes (SAML bindings 3.4.3, 3.5.3). */
    public static final int MAX_RELAY_STATE_BYTES = 80;

    private final boolean forceAuthn;
    private final boolean passive;
    private final List<String> authnContextClasses;
    private final Comparison comparison;
    private final @Nullable String relayState;

    private AuthnRequestOptions(Builder b) {
        this.forceAuthn = b.forceAuthn;
        this.passive = b.passive;
        this.authnContextClasses = List.copyOf(b.authnContextClasses);
        this.comparison = b.comparison;
        this.relayState = b.relayState;
    }

    /** Starts options with none of them set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A plain request: no forced login, no context, no RelayState. */
    public static AuthnRequestOptions defaults() {
        return DEFAULTS;
    }

    /** Whether the IdP must authenticate the person again, whatever session it has (ForceAuthn). */
    public boolean forceAuthn() {
        return forceAuthn;
    }

    /** Whether the IdP must not interact with the person (IsPassive). */
    public boolean passive() {
        return passive;
    }

    /** The AuthnContextClassRefs asked for (RequestedAuthnContext); none by default. */
    public List<String> authnContextClasses() {
        return authnContextClasses;
    }

    /** How the IdP compares its authentication with {@link #authnContextClasses()}; exact by default. */
    public Comparison comparison() {
        return comparison;
    }

    /** The RelayState to send with the request, if any. */
    public Optional<String> relayState() {
        return Optional.ofNullable(relayState);
    }

    /** Configures {@link AuthnRequestOptions}. */
    public static final class Builder {

        private boolean forceAuthn;
        private boolean passive;
        private List<String> authnContextClasses = List.of();
        private Comparison comparison = Comparison.EXACT;
        private @Nullable String relayState;

        private Builder() {
        }

        /** Asks the IdP to authenticate the person again, ignoring its session (step-up). */
        public Builder forceAuthn(boolean forceAuthn) {
            this.forceAuthn = forceAuthn;
            return this;
        }

        /** See {@link AuthnRequestOptions#passive()}. */
        public Builder passive(boolean passive) {
            this.passive = passive;
            return this;
        }

        /** Asks for one of these AuthnContextClassRefs, compared as {@code comparison} says. */
        public Builder requestedAuthnContext(Comparison comparison, String... classes) {
            this.comparison = Objects.requireNonNull(comparison, "comparison cannot be null");
            this.authnContextClasses = List.of(classes);
            return this;
        }

        /** An opaque value of at most 80 bytes the IdP returns with the response. */
        public Builder relayState(@Nullable String relayState) {
            if (relayState != null && relayState.getBytes(StandardCharsets.UTF_8).length > MAX_RELAY_STATE_BYTES) {
                throw new IllegalArgumentException("relayState cannot be longer than " + MAX_RELAY_STATE_BYTES + " bytes");
            }
            this.relayState = relayState;
            return this;
        }

        /** The options. */
        public AuthnRequestOptions build() {
            return new AuthnRequestOptions(this);
        }
    }
}

package io.jitprov.oidc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an authentication request asks of the provider beyond "who is this" (OIDC Core 3.1.2.1):
 * a fresh login ({@code prompt=login}), a maximum authentication age ({@code max_age}) and an
 * authentication strength ({@code acr_values}), for step-up.
 *
 * @since 0.1
 */
public final class OidcLoginOptions {

    private static final OidcLoginOptions DEFAULTS = builder().build();

    private final boolean forceLogin;
    private final @Nullable Duration maxAge;
    private final List<String> acrValues;

    private OidcLoginOptions(Builder b) {
        this.forceLogin = b.forceLogin;
        this.maxAge = b.maxAge;
        this.acrValues = List.copyOf(b.acrValues);
    }

    /** Starts options with none of them set. */
    public static Builder builder() {
        return new Builder();
    }

    /** No forced login, no {@code max_age}, no {@code acr_values}. */
    public static OidcLoginOptions defaults() {
        return DEFAULTS;
    }

    /** Whether the provider must authenticate the person again ({@code prompt=login}). */
    public boolean forceLogin() {
        return forceLogin;
    }

    /** The {@code max_age} to request, if any; the ID token's {@code auth_time} must then be that recent. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** The {@code acr_values} to request, most preferred first; none by default. */
    public List<String> acrValues() {
        return acrValues;
    }

    /** Configures {@link OidcLoginOptions}. */
    public static final class Builder {

        private boolean forceLogin;
        private @Nullable Duration maxAge;
        private List<String> acrValues = List.of();

        private Builder() {
        }

        /** {@code prompt=login}: the person authenticates again, whatever their session at the provider. */
        public Builder forceLogin(boolean forceLogin) {
            this.forceLogin = forceLogin;
            return this;
        }

        /** {@code max_age}: the ID token's {@code auth_time} must then be at most this old. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge cannot be null");
            return this;
        }

        /** {@code acr_values}, most preferred first. */
        public Builder acrValues(String... values) {
            this.acrValues = List.of(values);
            return this;
        }

        /** The options. */
        public OidcLoginOptions build() {
            return new OidcLoginOptions(this);
        }
    }
}

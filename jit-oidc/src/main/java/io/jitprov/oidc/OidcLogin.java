package io.jitprov.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The authorization code flow with PKCE (OIDC Core 3.1, RFC 7636 S256): {@link #start} builds the
 * redirect with fresh {@code state}, {@code nonce} and code verifier; {@link #complete} checks the
 * callback against them, redeems the code at the token endpoint, and verifies the ID token.
 *
 * @since 0.1
 */
public final class OidcLogin {

    private final OidcProviders providers;
    private final OidcVerifier verifier;
    private final UserInfoMerge userInfo;
    private final Duration timeout;

    private OidcLogin(Builder b) {
        this.providers = Objects.requireNonNull(b.providers, "providers cannot be null");
        this.verifier = Objects.requireNonNull(b.verifier, "verifier cannot be null");
        this.timeout = b.timeout;
        this.userInfo = new UserInfoMerge(b.timeout);
    }

    /**
     * A login set up as this one, but through {@code providers} only, verified by this login's
     * verifier {@link OidcVerifier#with set up for them}: for a test sign-in through a provider
     * that takes no logins yet.
     */
    public OidcLogin with(OidcProviders providers) {
        return builder().providers(providers).verifier(verifier.with(providers)).timeout(timeout).build();
    }

    /** Starts a login; the providers and the verifier are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Where to send the browser (an authentication request, OIDC Core §3.1.2.1, with {@code state},
     * {@code nonce} and a PKCE challenge, RFC 7636 §4), and what to keep in the session until it
     * returns.
     *
     * @throws IllegalArgumentException when the provider is not configured or has no authorization endpoint
     */
    public OidcRedirect start(String issuer, URI redirectUri, OidcLoginOptions options) {
        OidcProvider provider = provider(issuer);
        URI endpoint = provider.authorizationEndpoint().orElseThrow(() ->
                new IllegalArgumentException("Provider [" + issuer + "] has no authorization endpoint"));
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier codeVerifier = new CodeVerifier();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope(provider.scopes().toArray(String[]::new)), new ClientID(provider.clientId()), redirectUri)
                .endpointURI(endpoint).state(state).nonce(nonce).codeChallenge(codeVerifier, CodeChallengeMethod.S256);
        if (options.forceLogin()) {
            request.prompt(new Prompt(Prompt.Type.LOGIN));
        }
        options.maxAge().ifPresent(maxAge -> request.maxAge((int) maxAge.toSeconds()));
        if (!options.acrValues().isEmpty()) {
            request.acrValues(options.acrValues().stream().map(ACR::new).toList());
        }
        return new OidcRedirect(request.build().toURI(), new PendingOidcLogin(issuer, state.getValue(),
                nonce.getValue(), codeVerifier.getValue(), redirectUri, options.maxAge().orElse(null)));
    }

    /**
     * Checks the callback ({@code code}, {@code state}, {@code iss} or {@code error} query
     * parameters; OIDC Core §3.1.2.5-3.1.2.6, RFC 9207) against the pending login, redeems the
     * code with the PKCE verifier (§3.1.3), and verifies the ID token (§3.1.3.7). Every step
     * belongs to the provider the login was sent to, never to one a message names: its token
     * endpoint and client authentication, its issuer, keys and client ID for the ID token, its
     * UserInfo endpoint. A callback whose {@code iss} names another provider, or lacks {@code iss}
     * when the provider always sends it, is refused before the code goes anywhere.
     *
     * @throws JitAuthenticationException on a forged or mismatched callback, a provider error, or a bad token
     * @throws io.jitprov.core.JitStoreException when the provider cannot be reached
     * @throws IllegalArgumentException when the login's provider is no longer configured
     */
    public VerifiedIdentity complete(Map<String, String> callback, PendingOidcLogin pending) {
        OidcProvider provider = provider(pending.issuer());
        String code = checkCallback(callback, pending, provider);
        OIDCTokenResponse tokens = redeem(provider, code, pending);
        AccessToken accessToken = tokens.getOIDCTokens().getAccessToken();
        String idToken = tokens.getOIDCTokens().getIDTokenString();
        if (idToken == null) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The token response has no id_token");
        }
        VerifiedIdentity identity = verifier.verifyIdTokenFrom(idToken, provider,
                new IdTokenExpectations(pending.nonce(), pending.maxAge(), accessToken));
        return userInfo.merge(identity, provider, accessToken);
    }

    /** The code, once state and issuer show that the callback answers this login (RFC 9207 section 2.4). */
    private static String checkCallback(Map<String, String> callback, PendingOidcLogin pending, OidcProvider provider) {
        String state = callback.get("state");
        if (state == null || !constantTimeEquals(state, pending.state())) {
            throw new JitAuthenticationException(JitErrorCodes.STATE_MISMATCH,
                    "The callback's state is not the one this login sent");
        }
        String iss = callback.get("iss");
        if (iss == null && provider.authorizationResponseIssParameterSupported()) {
            throw new JitAuthenticationException(JitErrorCodes.ISSUER_MISMATCH, "The callback carries no iss, which ["
                    + provider.issuer() + "] sends with every response (RFC 9207)");
        }
        if (iss != null && !iss.equals(provider.issuer())) {
            throw new JitAuthenticationException(JitErrorCodes.ISSUER_MISMATCH, "The callback comes from "
                    + JitError.quote(iss) + ", not [" + provider.issuer() + "] (RFC 9207)");
        }
        if (callback.get("error") != null) {
            throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, "The provider answered "
                    + JitError.quote(callback.get("error")) + describe(callback.get("error_description")));
        }
        String code = callback.get("code");
        if (code == null || code.isEmpty()) {
            throw new JitAuthenticationException(JitErrorCodes.MALFORMED_MESSAGE, "The callback carries no code");
        }
        return code;
    }

    private OIDCTokenResponse redeem(OidcProvider provider, String code, PendingOidcLogin pending) {
        URI endpoint = provider.tokenEndpoint().orElseThrow(() ->
                new IllegalArgumentException("Provider [" + provider.issuer() + "] has no token endpoint"));
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), pending.redirectUri(),
                new CodeVerifier(pending.codeVerifier()));
        ClientAuthentication authentication = provider.clientAuthentication().forRequest(provider.clientId(), endpoint);
        TokenRequest request = authentication != null ? new TokenRequest(endpoint, authentication, grant)
                : new TokenRequest(endpoint, new ClientID(provider.clientId()), grant, null);
        HTTPResponse answer = ProviderRequests.send(request.toHTTPRequest(), timeout, "token endpoint", provider);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(answer);
        } catch (ParseException e) {
            throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, "The token endpoint of ["
                    + provider.issuer() + "] answered with something that is not a token response");
        }
        if (!response.indicatesSuccess()) {
            throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, "The token endpoint of ["
                    + provider.issuer() + "] answered HTTP " + answer.getStatusCode() + ", not a token response");
        }
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private OidcProvider provider(String issuer) {
        return providers.find(issuer).orElseThrow(() ->
                new IllegalArgumentException("Provider [" + issuer + "] is not configured"));
    }

    private static String describe(@Nullable String description) {
        return description == null ? "" : ": " + JitError.quote(description);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Configures {@link OidcLogin}; the providers and the verifier are required. */
    public static final class Builder {

        private @Nullable OidcProviders providers;
        private @Nullable OidcVerifier verifier;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The providers people may be sent to. */
        public Builder providers(OidcProviders providers) {
            this.providers = Objects.requireNonNull(providers, "providers cannot be null");
            return this;
        }

        /** The verifier the callback's ID token goes through. */
        public Builder verifier(OidcVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
            return this;
        }

        /** Connect and read timeout for the token and UserInfo endpoints; 10 seconds by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
            return this;
        }

        /** The login. */
        public OidcLogin build() {
            return new OidcLogin(this);
        }
    }

}

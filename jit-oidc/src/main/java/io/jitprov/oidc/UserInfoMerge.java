package io.jitprov.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.VerifiedIdentity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Adds the UserInfo endpoint's claims (OIDC Core 5.3) that the ID token lacks, for providers
 * configured to {@link OidcProvider#mergeUserInfo()}; the ID token's own claims always win, and a
 * UserInfo response about another {@code sub} is refused (5.3.2).
 */
final class UserInfoMerge {

    private final Duration timeout;

    UserInfoMerge(Duration timeout) {
        this.timeout = timeout;
    }

    VerifiedIdentity merge(VerifiedIdentity identity, OidcProvider provider, @Nullable AccessToken accessToken) {
        Optional<URI> endpoint = provider.userInfoEndpoint();
        if (!provider.mergeUserInfo() || endpoint.isEmpty() || accessToken == null) {
            return identity;
        }
        UserInfo info = fetch(endpoint.get(), accessToken, provider);
        if (!identity.subject().equals(info.getSubject().getValue())) {
            throw new JitAuthenticationException(JitErrorCodes.USERINFO_SUBJECT_MISMATCH, "UserInfo describes subject "
                    + JitError.quote(info.getSubject().getValue()) + ", the ID token [" + identity.subject() + "]");
        }
        Map<String, Object> claims = info.toJSONObject();
        Map<String, List<String>> known = identity.attributes();
        VerifiedIdentity.Builder merged = identity.toBuilder();
        ClaimsIdentity.attributes(claims, provider).forEach((name, values) -> {
            if (!known.containsKey(name)) {
                merged.attribute(name, values);
            }
        });
        return merged.emailVerified(identity.emailVerified() || vouchesForTheEmail(known, claims)).build();
    }

    /**
     * UserInfo's {@code email_verified} speaks of UserInfo's {@code email} only, and only where
     * the ID token said nothing about verification: it must not lend its word to the ID token's
     * email when the two differ.
     */
    private static boolean vouchesForTheEmail(Map<String, List<String>> idToken, Map<String, Object> userInfo) {
        List<String> idTokenEmail = idToken.get("email");
        return !idToken.containsKey("email_verified")
                && ClaimsIdentity.emailVerified(userInfo.get("email_verified"))
                && userInfo.get("email") instanceof String email
                && (idTokenEmail == null || idTokenEmail.equals(List.of(email)));
    }

    private UserInfo fetch(URI endpoint, AccessToken accessToken, OidcProvider provider) {
        HTTPRequest request = new UserInfoRequest(endpoint, new BearerAccessToken(accessToken.getValue())).toHTTPRequest();
        HTTPResponse answer = ProviderRequests.send(request, timeout, "UserInfo endpoint", provider);
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(answer);
        } catch (ParseException e) {
            response = null;
        }
        if (response == null || !response.indicatesSuccess()) {
            throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, "The UserInfo endpoint of ["
                    + provider.issuer() + "] answered HTTP " + answer.getStatusCode() + " with something that is not"
                    + " a UserInfo response");
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        if (info == null) {
            throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, "The UserInfo endpoint of ["
                    + provider.issuer() + "] answered with a signed or encrypted response, which is not supported");
        }
        return info;
    }
}

package io.jitprov.oidc;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import io.jitprov.core.JitAuthenticationException;
import io.jitprov.core.JitError;
import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.internal.BoundedHttp;
import io.jitprov.core.wiring.OutboundPolicy;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Calls a provider's token or UserInfo endpoint and returns its 2xx answer. Anything else becomes
 * a refusal that names the provider's OAuth 2.0 error (RFC 6749 5.2 in a JSON body, RFC 6750 3.1
 * in {@code WWW-Authenticate}), quoted and bounded because the provider wrote it, or, when the
 * answer carries none, the HTTP status and content type: never the body, which may be an HTML
 * page or a stack trace. A server error (5xx) means the provider is unavailable, not that the
 * login is bad.
 */
final class ProviderRequests {

    /** More than any token or UserInfo response: 256 KiB. */
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private ProviderRequests() {
    }

    /**
     * @param endpoint what is called, for messages: {@code "token endpoint"}
     * @throws JitAuthenticationException {@code provider_error} when the provider refuses
     * @throws JitStoreException {@code provider_unavailable} when it cannot be reached or fails
     */
    static HTTPResponse send(HTTPRequest request, Duration timeout, String endpoint, OidcProvider provider) {
        // Providers that negotiate answer errors as HTML unless asked for JSON.
        request.setAccept(ContentType.APPLICATION_JSON.getType());
        String what = "The " + endpoint + " of [" + provider.issuer() + "]";
        HTTPResponse response;
        try {
            response = provider.outboundPolicy().isPresent() ? exchange(request, provider.outboundPolicy().get())
                    : exchange(request, timeout);
        } catch (IOException e) {
            throw new JitStoreException(JitErrorCodes.PROVIDER_UNAVAILABLE, what + " could not be reached: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitStoreException(JitErrorCodes.PROVIDER_UNAVAILABLE, what + " was not waited for: interrupted", e);
        }
        if (response.indicatesSuccess()) {
            return response;
        }
        String message = what + " answered HTTP " + response.getStatusCode() + describe(response);
        if (response.getStatusCode() >= 500) {
            throw new JitStoreException(JitErrorCodes.PROVIDER_UNAVAILABLE, message);
        }
        throw new JitAuthenticationException(JitErrorCodes.PROVIDER_ERROR, message);
    }

    /**
     * Nimbus builds and reads the messages; the exchange itself goes through {@link BoundedHttp},
     * so a provider that sends its headers and then drips cannot hold the login for ever (Nimbus's
     * read timeout bounds each read, not the answer).
     */
    private static HTTPResponse exchange(HTTPRequest request, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(request.getURI()).timeout(timeout);
        request.getHeaderMap().forEach((name, values) -> values.forEach(value -> outgoing.header(name, value)));
        String body = request.getBody();
        outgoing.method(request.getMethod().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        BoundedHttp.Answer answer = BoundedHttp.send(HTTP, outgoing.build(), MAX_ANSWER_BYTES, timeout);
        HTTPResponse response = new HTTPResponse(answer.status());
        answer.headers().map().forEach((name, values) -> response.setHeader(name, values.toArray(String[]::new)));
        response.setBody(new String(answer.body(), StandardCharsets.UTF_8));
        return response;
    }

    /** The same exchange under the policy of a provider described on a tenant's word. */
    private static HTTPResponse exchange(HTTPRequest request, OutboundPolicy policy) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaderMap().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        OutboundPolicy.Answer answer = policy.send(request.getMethod().name(), request.getURI(), headers,
                request.getBody());
        HTTPResponse response = new HTTPResponse(answer.status());
        answer.headers().forEach((name, values) -> {
            if (name != null) {
                response.setHeader(name, values.toArray(String[]::new));
            }
        });
        response.setBody(new String(answer.body(), StandardCharsets.UTF_8));
        return response;
    }

    private static String describe(HTTPResponse response) {
        OAuthError error = fromBody(response);
        if (error == null) {
            error = fromChallenge(response.getWWWAuthenticate());
        }
        if (error != null) {
            return ": " + JitError.quote(error.code())
                    + (error.description() == null ? "" : ": " + JitError.quote(error.description()));
        }
        ContentType type = response.getEntityContentType();
        return type == null ? " with no content type, and no OAuth 2.0 error"
                : " with " + JitError.quote(type.getType()) + ", no OAuth 2.0 error";
    }

    /** RFC 6749 5.2: a JSON object with a string {@code error}. */
    private static @Nullable OAuthError fromBody(HTTPResponse response) {
        ContentType type = response.getEntityContentType();
        if (type == null || !ContentType.APPLICATION_JSON.matches(type) || response.getBody() == null) {
            return null;
        }
        try {
            Map<String, Object> body = JSONObjectUtils.parse(response.getBody());
            return body.get("error") instanceof String code
                    ? new OAuthError(code, body.get("error_description") instanceof String d ? d : null) : null;
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    /** RFC 6750 3.1: {@code WWW-Authenticate: Bearer error="...", error_description="..."}. */
    private static @Nullable OAuthError fromChallenge(@Nullable String challenge) {
        if (challenge == null) {
            return null;
        }
        try {
            BearerTokenError error = BearerTokenError.parse(challenge);
            return error.getCode() == null ? null : new OAuthError(error.getCode(), error.getDescription());
        } catch (ParseException e) {
            return null;
        }
    }

    private record OAuthError(String code, @Nullable String description) { }
}

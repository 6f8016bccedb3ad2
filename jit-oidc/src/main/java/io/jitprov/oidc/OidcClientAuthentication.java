package io.jitprov.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How this client authenticates to the token endpoint (OIDC Core 9): a client secret in the
 * Authorization header or the form body, a JWT signed with the client's private key, or nothing
 * (a public client, protected by PKCE alone). Secrets are supplied, not stored in configuration.
 *
 * @since 0.1
 */
public final class OidcClientAuthentication {

    private enum Method { NONE, SECRET_BASIC, SECRET_POST, PRIVATE_KEY_JWT }

    private final Method method;
    private final @Nullable Supplier<String> secret;
    private final @Nullable PrivateKey key;
    private final @Nullable String keyId;
    private final JWSAlgorithm algorithm;

    private OidcClientAuthentication(Method method, @Nullable Supplier<String> secret, @Nullable PrivateKey key,
            @Nullable String keyId, JWSAlgorithm algorithm) {
        this.method = method;
        this.secret = secret;
        this.key = key;
        this.keyId = keyId;
        this.algorithm = algorithm;
    }

    /** A public client: PKCE only. */
    public static OidcClientAuthentication none() {
        return new OidcClientAuthentication(Method.NONE, null, null, null, JWSAlgorithm.RS256);
    }

    /** {@code client_secret_basic}; the secret is read when needed (from an environment variable, a file). */
    public static OidcClientAuthentication secretBasic(Supplier<String> secret) {
        return new OidcClientAuthentication(Method.SECRET_BASIC, Objects.requireNonNull(secret, "secret cannot be null"),
                null, null, JWSAlgorithm.RS256);
    }

    /** {@code client_secret_post}. */
    public static OidcClientAuthentication secretPost(Supplier<String> secret) {
        return new OidcClientAuthentication(Method.SECRET_POST, Objects.requireNonNull(secret, "secret cannot be null"),
                null, null, JWSAlgorithm.RS256);
    }

    /** {@code private_key_jwt} (RFC 7523), signed with {@code algorithm} (e.g. RS256, ES256). */
    public static OidcClientAuthentication privateKeyJwt(PrivateKey key, @Nullable String keyId, JWSAlgorithm algorithm) {
        return new OidcClientAuthentication(Method.PRIVATE_KEY_JWT, null,
                Objects.requireNonNull(key, "key cannot be null"), keyId,
                Objects.requireNonNull(algorithm, "algorithm cannot be null"));
    }

    /** The SDK's authentication for one token request, or null for a public client. */
    @Nullable ClientAuthentication forRequest(String clientId, URI tokenEndpoint) {
        ClientID id = new ClientID(clientId);
        switch (method) {
            case SECRET_BASIC:
                return new ClientSecretBasic(id, new Secret(Objects.requireNonNull(secret).get()));
            case SECRET_POST:
                return new ClientSecretPost(id, new Secret(Objects.requireNonNull(secret).get()));
            case PRIVATE_KEY_JWT:
                try {
                    return new PrivateKeyJWT(id, tokenEndpoint, algorithm, Objects.requireNonNull(key), keyId, null);
                } catch (JOSEException e) {
                    throw new IllegalStateException("The client assertion could not be signed", e);
                }
            case NONE:
            default:
                return null;
        }
    }

    @Override
    public String toString() {
        return method.name().toLowerCase(Locale.ROOT);
    }
}

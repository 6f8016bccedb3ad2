package io.jitprov.config;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A link that lets one tenant's IT admin, who has no account yet, set up that tenant's sign-in
 * (its domain, its IdP connection, its role mapping) without anyone else's help: issued by the
 * back office ({@link RegistryEditor#issueSetupLink}), valid until it expires or is revoked, and
 * good for that tenant only. Everything done through it is audited as {@code setup-link:<id>}.
 *
 * @param id what audit events and the back office call the link; not a secret
 * @param tenantId the one tenant the link may set up
 * @param expiresAt when it stops working
 * @param token what the link carries ({@code <id>.<secret>}): given once, when the link is
 *     issued, and never again; only its SHA-256 is kept
 * @since 0.1
 */
public record SetupLink(String id, String tenantId, Instant expiresAt, @Nullable String token) {

    /** Where the setup pages are mounted under the base path, and links open. */
    public static final String PATH = "/setup";

    /** Refuses missing components. */
    public SetupLink {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(tenantId, "tenantId cannot be null");
        Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
    }

    /**
     * The address to give the tenant's IT admin, under {@code base} (the base URL and path, e.g.
     * {@code https://app.example/sso}); only a link that carries its token has one.
     *
     * @throws IllegalStateException for a link read back, which no longer carries its token
     */
    public String url(String base) {
        if (token == null) {
            throw new IllegalStateException("Only a link just issued carries its token");
        }
        return base + PATH + "/open?link=" + token;
    }

    @Override
    public String toString() {
        return "SetupLink[id=" + id + ", tenantId=" + tenantId + ", expiresAt=" + expiresAt + "]"; // never the token
    }
}

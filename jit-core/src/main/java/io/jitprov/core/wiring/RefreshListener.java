package io.jitprov.core.wiring;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Told of each read of what an identity provider publishes and jit keeps a copy of: SAML
 * metadata, an OpenID provider's discovery document, its signing keys. A failed read keeps the
 * last good copy, so sign-ins go on and nobody notices until the IdP's keys change; counting the
 * failures (jit-micrometer's {@code JitMeters}) or showing them (the Spring Boot starter's health
 * indicator) tells before. Called on the thread that read: it must be fast and must not throw.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface RefreshListener {

    /** Listens to nothing. */
    RefreshListener NONE = refresh -> { };

    /** A read ended. */
    void refreshed(Refresh refresh);

    /**
     * One read.
     *
     * @param document what was read
     * @param idp the IdP's entity ID or issuer when known; else where the document is read from
     *     (a key set: its {@code jwks_uri})
     * @param failure why the read failed, in a few words without secrets; null when it succeeded.
     *     After a failure the copy read before, if any, stays in use
     * @param certificatesExpire when the first of the signing certificates SAML metadata names
     *     expires; null for other documents, and when the read failed
     */
    record Refresh(Document document, String idp, @Nullable String failure, @Nullable Instant certificatesExpire) {

        public Refresh {
            Objects.requireNonNull(document, "document cannot be null");
            Objects.requireNonNull(idp, "idp cannot be null");
        }

        /** Whether the read succeeded. */
        public boolean succeeded() {
            return failure == null;
        }
    }

    /** What was read. */
    enum Document {
        /** A SAML IdP's metadata. */
        SAML_METADATA,
        /** An OpenID provider's discovery document. */
        OIDC_DISCOVERY,
        /** An OpenID provider's signing keys ({@code jwks_uri}). */
        JWKS;

        /** Its name in lower case, as in a metric's tag: {@code saml_metadata}, {@code oidc_discovery}, {@code jwks}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

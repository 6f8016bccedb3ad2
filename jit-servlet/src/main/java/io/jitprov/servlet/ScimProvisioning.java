package io.jitprov.servlet;

import io.jitprov.core.UserDirectory;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.provisioning.Deprovisioner;
import io.jitprov.core.provisioning.Preprovisioner;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SCIM 2.0 (RFC 7643, RFC 7644) {@code Users} endpoint, one per tenant at
 * {@code {basePath}/scim/{tenantId}/v2/Users}, each behind its own bearer token. The IdP's
 * directory creates and updates accounts ahead of the first login, and deprovisions them: PATCH
 * {@code active=false} and DELETE disable the account, end its sessions and revoke its grants.
 *
 * <pre>{@code
 * ScimProvisioning scim = ScimProvisioning.builder()
 *         .preprovisioner(preprovisioner).deprovisioner(deprovisioner).userStore(accounts)
 *         .tenant("acme", "http://www.okta.com/exk1", System.getenv("ACME_SCIM_TOKEN"))
 *         .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ScimProvisioning {

    /** The shortest bearer token accepted: 32 characters, e.g. 24 random bytes in base64. */
    public static final int MIN_TOKEN_LENGTH = 32;

    /** What a SCIM DELETE does to the account. */
    public enum OnDelete {
        /**
         * Disable it: the application's data that refers to it stays, and its history. SCIM reads
         * of it afterwards show {@code active: false} rather than 404 (RFC 7644 §3.6 expects 404;
         * choose {@link #DELETE} where a client checks for it).
         */
        DISABLE,
        /** Delete it; the audit trail keeps the record. */
        DELETE
    }

    private final Preprovisioner preprovisioner;
    private final Deprovisioner deprovisioner;
    private final UserDirectory accounts;
    private final Map<String, ScimTenant> tenants;
    private final @Nullable Function<String, Optional<Endpoint>> lookup;

    private ScimProvisioning(Builder b) {
        this.preprovisioner = Objects.requireNonNull(b.preprovisioner, "preprovisioner must be set");
        this.deprovisioner = Objects.requireNonNull(b.deprovisioner, "deprovisioner must be set");
        this.accounts = Objects.requireNonNull(b.accounts, "userStore must be set");
        this.tenants = Map.copyOf(b.tenants);
        this.lookup = b.lookup;
        if (tenants.isEmpty() && lookup == null) {
            throw new IllegalArgumentException("SCIM needs at least one tenant");
        }
    }

    /**
     * A tenant's SCIM endpoint as a registry keeps it: the issuer whose logins its users make,
     * what a DELETE does, and the SHA-256 of each token (lower-case hex), never a token.
     *
     * @param issuer the SAML entityID or OIDC issuer
     * @param onDelete what a DELETE does
     * @param tokenHashes SHA-256 of the tokens, hex; several during a rotation
     */
    public record Endpoint(String issuer, OnDelete onDelete, List<String> tokenHashes) {

        /** Refuses missing components and hashes that are not SHA-256 hex. */
        public Endpoint {
            Objects.requireNonNull(issuer, "issuer cannot be null");
            Objects.requireNonNull(onDelete, "onDelete cannot be null");
            tokenHashes = List.copyOf(tokenHashes);
            if (tokenHashes.isEmpty() || tokenHashes.stream().anyMatch(h -> !h.matches("[0-9a-f]{64}"))) {
                throw new IllegalArgumentException("A SCIM endpoint needs the SHA-256 of at least one token, in hex");
            }
        }
    }

    /** Starts SCIM provisioning; preprovisioner, deprovisioner, user store and at least one tenant are required. */
    public static Builder builder() {
        return new Builder();
    }

    Preprovisioner preprovisioner() {
        return preprovisioner;
    }

    Deprovisioner deprovisioner() {
        return deprovisioner;
    }

    UserDirectory accounts() {
        return accounts;
    }

    /** The tenant whose endpoint this is, when {@code token} is one of its tokens. */
    Optional<ScimTenant> authorize(String tenantId, @Nullable String token) {
        ScimTenant tenant = tenants.get(tenantId);
        if (tenant == null && lookup != null) {
            tenant = lookup.apply(tenantId).map(e -> new ScimTenant(tenantId, e.issuer(), e.onDelete(),
                    e.tokenHashes().stream().map(HexFormat.of()::parseHex).toList())).orElse(null);
        }
        if (tenant == null || token == null) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        boolean match = false;
        for (byte[] known : tenant.tokenHashes()) {
            match |= MessageDigest.isEqual(known, presented);
        }
        return match ? Optional.of(tenant) : Optional.empty();
    }

    static byte[] sha256(String token) {
        return Sha256.of(token);
    }

    /** A tenant's SCIM endpoint: its accounts' logins come from {@code issuer}. */
    record ScimTenant(String tenantId, String issuer, OnDelete onDelete, List<byte[]> tokenHashes) {
    }

    /** Configures {@link ScimProvisioning}. */
    public static final class Builder {

        private @Nullable Preprovisioner preprovisioner;
        private @Nullable Deprovisioner deprovisioner;
        private @Nullable UserDirectory accounts;
        private final Map<String, ScimTenant> tenants = new LinkedHashMap<>();
        private @Nullable Function<String, Optional<Endpoint>> lookup;

        private Builder() {
        }

        /**
         * Serves the endpoint of every tenant {@code lookup} knows, asked at each request (tenants
         * that change at runtime, e.g. a registry's); tenants given to {@link #tenant} come first.
         */
        public Builder tenants(Function<String, Optional<Endpoint>> lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup cannot be null");
            return this;
        }

        /** What creates and replaces accounts pushed by the directory. */
        public Builder preprovisioner(Preprovisioner preprovisioner) {
            this.preprovisioner = Objects.requireNonNull(preprovisioner);
            return this;
        }

        /** What disables, enables and deletes them. */
        public Builder deprovisioner(Deprovisioner deprovisioner) {
            this.deprovisioner = Objects.requireNonNull(deprovisioner);
            return this;
        }

        /** The same store the provisioner and the filter use. */
        public Builder userStore(UserDirectory accounts) {
            this.accounts = Objects.requireNonNull(accounts);
            return this;
        }

        /**
         * Serves {@code tenantId}'s endpoint to holders of one of {@code tokens} (several during a
         * rotation); the SCIM {@code userName} is the subject of the logins {@code issuer} sends
         * (the SAML NameID or the OIDC {@code sub}). A DELETE disables. Only SHA-256 hashes of the
         * tokens are kept.
         */
        public Builder tenant(String tenantId, String issuer, String... tokens) {
            return tenant(tenantId, issuer, OnDelete.DISABLE, tokens);
        }

        /** As {@link #tenant(String, String, String...)}, with what a DELETE does. */
        public Builder tenant(String tenantId, String issuer, OnDelete onDelete, String... tokens) {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("Tenant [" + tenantId + "] needs a SCIM token");
            }
            List<byte[]> hashes = new ArrayList<>();
            for (String token : tokens) {
                if (token == null || token.length() < MIN_TOKEN_LENGTH || token.isBlank()) {
                    throw new IllegalArgumentException("The SCIM token of tenant [" + tenantId
                            + "] must have at least " + MIN_TOKEN_LENGTH + " characters");
                }
                hashes.add(sha256(token));
            }
            tenants.put(tenantId, new ScimTenant(tenantId, Objects.requireNonNull(issuer), Objects.requireNonNull(onDelete),
                    List.copyOf(hashes)));
            return this;
        }

        /** The SCIM endpoints' configuration; refuses one without a tenant or a lookup. */
        public ScimProvisioning build() {
            return new ScimProvisioning(this);
        }
    }
}

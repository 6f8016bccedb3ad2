package io.jitprov.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How setup links are kept: a registry entry of kind {@link RegistryKind#SETUP_LINK} under the
 * link's id and tenant, holding the SHA-256 of its secret and its expiry. The secret itself is
 * handed out once and never stored.
 */
final class SetupLinks {

    static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);
    static final Duration MAX_VALIDITY = Duration.ofDays(30);
    /** Most links one tenant may hold at once, expired ones included until revoked. */
    static final int MAX_PER_TENANT = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    /** A token is {@code <16 hex>.<43 base64url>}; anything longer is not one and is not looked up. */
    private static final int TOKEN_LENGTH = ID_BYTES * 2 + 1 + 43;

    private SetupLinks() {
    }

    /** A new link: its entry's id and document, and the link with its token. */
    record Issued(String id, String document, SetupLink link) { }

    static Issued issue(String tenantId, Duration validFor, Instant now) {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("A setup link is valid for up to " + MAX_VALIDITY.toDays() + " days");
        }
        String id = HexFormat.of().formatHex(random(ID_BYTES));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(SECRET_BYTES));
        Instant expiresAt = now.plus(validFor);
        String document = JSON.createObjectNode().put("secretSha256", Sha256.hex(secret))
                .put("expiresAt", expiresAt.toString()).toString();
        return new Issued(id, document, new SetupLink(id, tenantId, expiresAt, id + "." + secret));
    }

    /** The link {@code token} opens, if it is one, unexpired and not revoked. */
    static Optional<SetupLink> open(RegistryStore store, String token, Instant now) {
        int dot = token.indexOf('.');
        if (token.length() != TOKEN_LENGTH || dot != ID_BYTES * 2) {
            return Optional.empty();
        }
        String id = token.substring(0, dot);
        byte[] given = Sha256.hex(token.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
        return store.find(RegistryKind.SETUP_LINK, id).flatMap(entry -> {
            JsonNode document = parse(entry.document());
            byte[] expected = document.path("secretSha256").asText("").getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, given)) {
                return Optional.empty();
            }
            return link(entry).filter(link -> now.isBefore(link.expiresAt()));
        });
    }

    /** The tenant's links, expired ones included, without their tokens. */
    static List<SetupLink> of(RegistryStore store, String tenantId) {
        return store.ofTenant(RegistryKind.SETUP_LINK, tenantId).stream().flatMap(e -> link(e).stream()).toList();
    }

    static Optional<SetupLink> link(RegistryEntry entry) {
        try {
            Instant expiresAt = Instant.parse(parse(entry.document()).path("expiresAt").asText(""));
            return Optional.of(new SetupLink(entry.id(), entry.tenantId(), expiresAt, null));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a link this code wrote: it opens nothing
        }
    }

    private static JsonNode parse(String document) {
        try {
            return JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }
}

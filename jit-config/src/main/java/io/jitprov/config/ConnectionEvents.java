package io.jitprov.config;

import io.jitprov.core.JitErrorCodes;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.internal.Sha256;
import io.jitprov.core.registry.ConnectionEvent;
import io.jitprov.core.registry.ConnectionEventListener;
import io.jitprov.core.registry.RegistryConflictException;
import io.jitprov.core.registry.RegistryEntry;
import io.jitprov.core.registry.RegistryKind;
import io.jitprov.core.registry.RegistryStore;
import io.jitprov.core.tenant.DomainClaim;
import io.jitprov.core.tenant.DomainRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's events: told to the listener as changes are made, and, at each periodic check,
 * certificates about to expire and metadata that cannot be read. A periodic notice is told by the
 * one node that first records it in the store ({@link RegistryKind#NOTICE}, unique by id), so
 * that several nodes checking the same connections tell it once.
 */
final class ConnectionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEvents.class);
    /** The warnings given before a certificate expires, in days, the earliest first. */
    static final List<Integer> CERTIFICATE_WARNINGS = List.of(90, 30, 7);
    private static final int PAGE = 500;

    private final ConnectionEventListener listener;
    private final RegistryStore store;
    private final Clock clock;

    ConnectionEvents(ConnectionEventListener listener, RegistryStore store, Clock clock) {
        this.listener = listener;
        this.store = store;
        this.clock = clock;
    }

    ConnectionEventListener listener() {
        return listener;
    }

    void connection(ConnectionEvent.Type type, RegistryEntry connection) {
        Map<String, String> details = connection.key() == null ? Map.of() : Map.of("idp", idpOf(connection.key()));
        tell(ConnectionEvent.of(type, clock.instant(), connection.tenantId(), connection.id(), null, details));
    }

    void domain(ConnectionEvent.Type type, String tenantId, String domain) {
        tell(ConnectionEvent.of(type, clock.instant(), tenantId, null, domain, Map.of()));
    }

    /**
     * Looks at every active connection: a certificate within a warning's days of expiring, or
     * metadata that cannot be read, is told once (per certificate and warning; per day for
     * metadata). Returns how many notices this node gave.
     */
    int check(Function<String, Optional<ConnectionHealth>> health) {
        int told = 0;
        String after = null;
        List<RegistryEntry> page;
        do {
            page = store.list(RegistryKind.CONNECTION, after, PAGE);
            for (RegistryEntry connection : page) {
                if (connection.key() != null) {
                    try {
                        told += check(connection, health.apply(connection.id()));
                    } catch (RuntimeException e) {
                        LOG.warn("Checking connection [{}] failed: {}", connection.id(), e.getMessage());
                    }
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        return told;
    }

    private int check(RegistryEntry connection, Optional<ConnectionHealth> health) {
        if (health.isEmpty()) {
            return 0;
        }
        int told = 0;
        Instant now = clock.instant();
        for (ConnectionHealth.Certificate certificate : health.get().certificates()) {
            long daysLeft = Duration.between(now, certificate.expiresAt()).toDays();
            Optional<Integer> warning = CERTIFICATE_WARNINGS.stream().filter(days -> daysLeft < days)
                    .reduce((first, second) -> second);
            if (warning.isPresent() && certificate.expiresAt().isAfter(now) && firstToNotice(connection, "certificate "
                    + certificate.subject() + " " + certificate.expiresAt() + " " + warning.get())) {
                tell(ConnectionEvent.of(ConnectionEvent.Type.CERTIFICATE_EXPIRING, now, connection.tenantId(),
                        connection.id(), null, Map.of("idp", health.get().idp(), "subject", certificate.subject(),
                                "expiresAt", certificate.expiresAt().toString(), "daysLeft", String.valueOf(warning.get()))));
                told++;
            }
        }
        String failure = health.get().readFailure();
        if (failure != null && firstToNotice(connection, "metadata " + LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            tell(ConnectionEvent.of(ConnectionEvent.Type.METADATA_FAILING, now, connection.tenantId(), connection.id(),
                    null, Map.of("idp", health.get().idp(), "reason", failure)));
            told++;
        }
        return told;
    }

    /**
     * Asks DNS for the TXT record of every domain a tenant proved by DNS; one no longer published
     * is told once a day (the domain stays the tenant's: whether to release it is for people to
     * decide). A domain DNS cannot be asked about now is passed over.
     */
    int checkDomains(DomainRegistry domains) {
        int told = 0;
        String after = null;
        List<RegistryEntry> page;
        do {
            page = store.list(RegistryKind.TENANT, after, PAGE);
            for (RegistryEntry tenant : page) {
                for (DomainClaim claim : domains.claimsOf(tenant.id())) {
                    if (claim.verified() && claim.proof() == DomainClaim.Proof.DNS_TXT && !published(domains, claim)
                            && firstToNotice(tenant.id(), "domain " + claim.domain() + " "
                                    + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
                        domain(ConnectionEvent.Type.DOMAIN_LOST, tenant.id(), claim.domain());
                        told++;
                    }
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1).id();
        } while (page.size() == PAGE);
        return told;
    }

    private static boolean published(DomainRegistry domains, DomainClaim claim) {
        try {
            return domains.proofStillPublished(claim);
        } catch (JitStoreException e) {
            LOG.debug("DNS could not be asked about [{}]: {}", claim.domain(), e.getMessage());
            return true;
        }
    }

    private boolean firstToNotice(RegistryEntry connection, String what) {
        return firstToNotice(connection.tenantId(), connection.id() + " " + what);
    }

    /** Records the notice in the store; true for the one node whose record landed first. */
    private boolean firstToNotice(String tenantId, String what) {
        String id = "n-" + Sha256.hex(tenantId + " " + what).substring(0, 40);
        try {
            store.create(RegistryKind.NOTICE, id, tenantId, null, "{}", clock.instant());
            return true;
        } catch (RegistryConflictException e) {
            if (!e.error().code().equals(JitErrorCodes.ENTRY_EXISTS)) {
                throw e;
            }
            return false;
        }
    }

    private void tell(ConnectionEvent event) {
        try {
            listener.on(event);
        } catch (RuntimeException e) {
            LOG.warn("The connection event listener threw on {} of tenant [{}]", event.type().value(), event.tenantId(), e);
        }
    }

    private static String idpOf(String key) {
        return key.substring(key.indexOf(' ') + 1);
    }
}

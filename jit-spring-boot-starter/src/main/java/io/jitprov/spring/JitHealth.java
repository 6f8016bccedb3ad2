package io.jitprov.spring;

import io.jitprov.config.JitRegistry;
import io.jitprov.core.JitStoreException;
import io.jitprov.core.wiring.JitStores;
import io.jitprov.servlet.JitObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * jit's health as this node sees it: whether its tables and its registry can be read, and which
 * IdP documents it could not read again (their keys may be stale) or name a certificate that
 * expires soon. Only jit's own store makes it DOWN: one tenant's IdP being down must not take every
 * node out of the load balancer, so IdP problems are details of an UP health. What it knows of IdPs
 * it learns as their documents are read ({@link JitObserver#refreshed}); a probe reads the
 * network never, and the database once (an indexed count).
 */
final class JitHealth implements JitObserver {

    /** A certificate closer than this to its end is named. */
    static final Duration EXPIRES_SOON = Duration.ofDays(30);
    /** IdP documents remembered; beyond it the one heard of least recently is forgotten (the registry's cache is 1,000 by default). */
    static final int MAX_DOCUMENTS = 10_000;
    /** Problems listed in one answer; the counts say how many there are in all. */
    static final int MAX_LISTED = 50;
    /** IdP names and reasons come from outside (metadata, an error answer): shown this long at most. */
    static final int MAX_TEXT = 200;

    /** The last read of one document, and since when its reads fail. */
    private record State(Refresh last, Instant at, @Nullable Instant failingSince) { }

    /** What Actuator is told: DOWN only when jit's own store cannot be read. */
    enum Status {
        UP, DOWN,
        /** No JitLogin was built with this observer (the application declared its own): nothing to tell. */
        UNKNOWN
    }

    /** The health at one moment. */
    record Report(Status status, Map<String, Object> details) {

        boolean up() {
            return status == Status.UP;
        }
    }

    private final Map<String, State> documents = new ConcurrentHashMap<>();
    private volatile @Nullable JitStores stores;
    private volatile @Nullable JitRegistry registry;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean overflowed;

    @Override
    public void started(JitStores started) {
        this.stores = started;
        this.clock = started.clock();
    }

    void registry(@Nullable JitRegistry opened) {
        this.registry = opened;
    }

    @Override
    public void refreshed(Refresh refresh) {
        String key = refresh.document().value() + " " + refresh.idp();
        Instant now = clock.instant();
        if (!documents.containsKey(key) && documents.size() >= MAX_DOCUMENTS) {
            // Connections come and go (a registry's are deleted, an issuer moves its jwks_uri): the
            // document heard of least recently makes room, else no new IdP would ever be followed again.
            overflowed = true;
            documents.entrySet().stream().min(Comparator.comparing(entry -> entry.getValue().at()))
                    .ifPresent(oldest -> documents.remove(oldest.getKey(), oldest.getValue()));
        }
        documents.compute(key, (k, before) -> new State(refresh, now, refresh.succeeded() ? null
                : before != null && before.failingSince() != null ? before.failingSince() : now));
    }

    Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        JitStores current = stores;
        if (current == null) {
            // The application's own JitLogin, built without the starter's observers: its store is not
            // followed here, and a DOWN would take a working node out of its load balancer for good.
            details.put("store", "not started");
            idps(details);
            return new Report(Status.UNKNOWN, details);
        }
        boolean up = store(details, current);
        up &= registry(details);
        idps(details);
        return new Report(up ? Status.UP : Status.DOWN, details);
    }

    private boolean store(Map<String, Object> details, JitStores current) {
        return readable(details, "store", () -> details.put("activeGrants",
                current.grantStore().countActive(clock.instant())));
    }

    private boolean registry(Map<String, Object> details) {
        JitRegistry current = registry;
        return current == null || readable(details, "registry", () -> current.listTenants(null, 1));
    }

    /** Reads; the detail {@code part} says {@code up}, or why not without the database's words. */
    private static boolean readable(Map<String, Object> details, String part, Runnable read) {
        try {
            read.run();
            details.put(part, "up");
            return true;
        } catch (JitStoreException e) {
            details.put(part, "cannot be read: " + e.code());
        } catch (RuntimeException e) {
            details.put(part, "cannot be read: " + e.getClass().getSimpleName());
        }
        return false;
    }

    private void idps(Map<String, Object> details) {
        Instant now = clock.instant();
        List<Map<String, Object>> failing = new ArrayList<>();
        List<Map<String, Object>> expiring = new ArrayList<>();
        List<State> states = new ArrayList<>(documents.values());
        // Oldest failures first: names are chosen by tenants, and must not decide whose failure is shown.
        states.sort(Comparator.comparing((State s) -> s.failingSince() != null ? s.failingSince() : Instant.MAX)
                .thenComparing(s -> s.last().idp()).thenComparing(s -> s.last().document()));
        for (State state : states) {
            Refresh last = state.last();
            if (state.failingSince() != null) {
                failing.add(Map.of("idp", shown(last.idp()), "document", last.document().value(),
                        "failingSince", state.failingSince().toString(), "reason", shown(String.valueOf(last.failure()))));
            } else if (last.certificatesExpire() != null && last.certificatesExpire().isBefore(now.plus(EXPIRES_SOON))) {
                expiring.add(Map.of("idp", shown(last.idp()), "certificateExpires", last.certificatesExpire().toString()));
            }
        }
        details.put("idpDocumentsRead", documents.size());
        if (overflowed) {
            details.put("idpDocumentsNotFollowed", "more than " + MAX_DOCUMENTS
                    + " documents: those read least recently are forgotten");
        }
        details.put("idpDocumentsFailingCount", failing.size());
        details.put("idpDocumentsFailing", failing.subList(0, Math.min(failing.size(), MAX_LISTED)));
        details.put("certificatesExpiringSoonCount", expiring.size());
        details.put("certificatesExpiringSoon", expiring.subList(0, Math.min(expiring.size(), MAX_LISTED)));
    }

    /**
     * Control characters out, a URL's user info and query out (a metadata URL may carry a token), and
     * no longer than {@link #MAX_TEXT}.
     */
    static String shown(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", " ").replaceAll("(https?://)[^/@\\s]*@", "$1")
                .replaceAll("(https?://[^\\s?#]*)[?#]\\S*", "$1");
        return printable.length() <= MAX_TEXT ? printable : printable.substring(0, MAX_TEXT - 1) + "\u2026";
    }
}

package io.jitprov.config.setup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often one setup link may have this server do something that reaches out (ask DNS, fetch an
 * IdP's metadata, start a test sign-in), on this node: at most once per {@code spacing}, and
 * {@code perMinute} times a minute and {@code perHour} times an hour. Otherwise anyone holding a
 * link could make this server query or fetch as fast as they can send requests.
 */
final class LinkThrottle {

    private static final int LINKS_REMEMBERED = 10_000;

    private final Clock clock;
    private final Duration spacing;
    private final int perMinute;
    private final int perHour;
    private final Map<String, Deque<Instant>> uses = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > LINKS_REMEMBERED;
        }
    };

    LinkThrottle(Clock clock, Duration spacing, int perMinute, int perHour) {
        this.clock = clock;
        this.spacing = spacing;
        this.perMinute = perMinute;
        this.perHour = perHour;
    }

    /** DNS checks: once per 10 seconds, 30 an hour. */
    static LinkThrottle dns(Clock clock) {
        return new LinkThrottle(clock, Duration.ofSeconds(10), 6, 30);
    }

    /** Fetches of an IdP's metadata or discovery document, or test sign-ins: 10 a minute, 60 an hour. */
    static LinkThrottle fetches(Clock clock) {
        return new LinkThrottle(clock, Duration.ZERO, 10, 60);
    }

    /** Zero when {@code linkId} may go ahead now (and this use is counted); otherwise the seconds to wait. */
    synchronized long secondsToWait(String linkId) {
        Instant now = clock.instant();
        Deque<Instant> times = uses.computeIfAbsent(linkId, id -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
            times.pollFirst();
        }
        if (!times.isEmpty() && !spacing.isZero() && times.peekLast().plus(spacing).isAfter(now)) {
            return Math.max(1, Duration.between(now, times.peekLast().plus(spacing)).toSeconds());
        }
        if (times.size() >= perHour) {
            return Math.max(1, Duration.between(now, times.peekFirst().plus(Duration.ofHours(1))).toSeconds());
        }
        Instant minuteAgo = now.minus(Duration.ofMinutes(1));
        java.util.List<Instant> lastMinute = times.stream().filter(t -> t.isAfter(minuteAgo)).toList();
        if (lastMinute.size() >= perMinute) {
            return Math.max(1, Duration.between(now, lastMinute.get(0).plus(Duration.ofMinutes(1))).toSeconds());
        }
        times.addLast(now);
        return 0;
    }
}

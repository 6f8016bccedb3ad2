package io.jitprov.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A remote copy: read on first use, kept on failure, tried again later and later, read by one thread at a time. */
class RemoteCopyTests {

    private final MutableClock clock = MutableClock.at("2026-11-30T00:00:00Z");

    /** A source that answers with the next of its versions, or fails while down. */
    private static final class Source implements RemoteCopy.Reader<String> {
        volatile boolean down;
        volatile int reads;

        @Override
        public RemoteCopy.Fresh<String> read(String previous) throws IOException {
            reads++;
            if (down) {
                throw new IOException("connection refused");
            }
            return new RemoteCopy.Fresh<>("v" + reads, Duration.ofHours(1));
        }
    }

    /** Reads a due copy again on the caller's thread, so that each step shows at once. */
    private RemoteCopy<String> direct(Source source) {
        return direct(source, (fresh, failure) -> { });
    }

    private RemoteCopy<String> direct(Source source, RemoteCopy.ReadListener<String> onRead) {
        return new RemoteCopy<>("test source", source, clock, Duration.ofSeconds(1), onRead, Runnable::run);
    }

    @Test
    void readsAreToldAsTheyEndAndAListenerThatThrowsChangesNothing() {
        Source source = new Source();
        List<String> told = new ArrayList<>();
        RemoteCopy<String> copy = direct(source, (fresh, failure) -> {
            told.add(fresh != null ? fresh : "failed: " + failure);
            throw new IllegalStateException("listener broken");
        });

        assertThat(copy.get()).contains("v1");
        source.down = true;
        clock.advance(Duration.ofHours(1));
        assertThat(copy.get()).as("the copy kept").contains("v1");
        assertThat(copy.get()).contains("v1");
        source.down = false;
        clock.advance(Duration.ofMinutes(1));
        copy.get();

        assertThat(copy.get()).contains("v3");
        assertThat(told).containsExactly("v1", "failed: connection refused", "v3");
    }

    @Test
    void getWhenNeverUsedThenNothingWasRead() {
        Source source = new Source();
        RemoteCopy<String> copy = direct(source);

        assertThat(copy.peek()).isEmpty();
        assertThat(source.reads).isZero();
        assertThat(copy.get()).contains("v1");
        assertThat(copy.get()).contains("v1");
        assertThat(source.reads).isEqualTo(1);
    }

    @Test
    void getWhenTheCopyIsDueThenItIsReadAgain() {
        Source source = new Source();
        RemoteCopy<String> copy = direct(source);
        copy.get();

        clock.advance(Duration.ofMinutes(59));
        assertThat(copy.get()).contains("v1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(copy.get()).as("the call that notices gets the copy it had").contains("v1");
        assertThat(copy.get()).contains("v2");
        assertThat(source.reads).isEqualTo(2);
    }

    @Test
    void getWhenADueCopyIsReadAgainThenNobodyWaitsForIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] reads = {0};
        RemoteCopy<String> copy = new RemoteCopy<>("slow source", previous -> {
            if (++reads[0] > 1) {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new RemoteCopy.Fresh<>("v" + reads[0], Duration.ofHours(1));
        }, clock, Duration.ofSeconds(5));
        assertThat(copy.get()).contains("v1");
        clock.advance(Duration.ofHours(1));

        assertThat(copy.get()).as("due: the old copy, at once").contains("v1");
        assertThat(reading.await(5, TimeUnit.SECONDS)).as("read again on another thread").isTrue();
        assertThat(copy.get()).as("while that read hangs").contains("v1");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!copy.get().equals(Optional.of("v2")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(copy.get()).contains("v2");
    }

    @Test
    void getWhenTheSourceIsDownThenTheLastGoodCopyIsKept() {
        Source source = new Source();
        RemoteCopy<String> copy = direct(source);
        copy.get();
        source.down = true;
        clock.advance(Duration.ofHours(1));

        assertThat(copy.get()).contains("v1");
        assertThat(copy.lastFailure()).contains("connection refused");
    }

    @Test
    void getWhenTheSourceStaysDownThenTriesWaitLongerAndLongerUpToFiveMinutes() {
        Source source = new Source();
        source.down = true;
        RemoteCopy<String> copy = direct(source);

        List<Long> waits = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            int before = source.reads;
            long waited = 0;
            while (source.reads == before) {
                assertThat(copy.get()).isEmpty();
                clock.advance(Duration.ofSeconds(1));
                waited++;
            }
            waits.add(waited);
        }

        // The first read happens at once; then 10 s, 20 s, 40 s... capped at 300 s.
        assertThat(waits).containsExactly(1L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
    }

    @Test
    void getWhenTheSourceComesBackThenTheNextTryReadsIt() {
        Source source = new Source();
        source.down = true;
        RemoteCopy<String> copy = direct(source);
        assertThat(copy.get()).isEmpty();

        source.down = false;
        assertThat(copy.get()).as("not before its next try").isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(copy.get()).contains("v2");
        assertThat(copy.lastFailure()).isEmpty();
    }

    @Test
    void readNowWhenAskedAgainAndAgainThenReadsAtMostOncePerInterval() {
        Source source = new Source();
        RemoteCopy<String> copy = direct(source);
        copy.get();

        for (int i = 0; i < 5; i++) {
            copy.readNow(Duration.ofSeconds(30));
        }
        assertThat(source.reads).isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        assertThat(copy.readNow(Duration.ofSeconds(30))).contains("v3");
    }

    @Test
    void readNowWhenTheSourceIsDownThenWaitsForTheNextTryLikeAnyRead() {
        Source source = new Source();
        RemoteCopy<String> copy = direct(source);
        copy.get();
        source.down = true;
        copy.readNow(Duration.ZERO);

        // Messages signed by unknown keys must not make jit hammer an IdP that is down.
        for (int i = 0; i < 5; i++) {
            assertThat(copy.readNow(Duration.ZERO)).contains("v1");
        }
        assertThat(source.reads).isEqualTo(2);
    }

    @Test
    void getWhenManyThreadsNeedTheFirstCopyAtOnceThenOneReadsAndTheOthersWaitForIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] reads = {0};
        RemoteCopy<String> copy = new RemoteCopy<>("slow source", previous -> {
            synchronized (reads) {
                reads[0]++;
            }
            reading.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new RemoteCopy.Fresh<>("v1", Duration.ofHours(1));
        }, clock, Duration.ofSeconds(5));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(threads.submit(copy::get));
            }
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<?> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(Optional.of("v1"));
            }
            assertThat(reads[0]).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void getWhenAReadOutlastsTheWaitThenOtherCallersGoOnWithoutACopy() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RemoteCopy<String> copy = new RemoteCopy<>("stalled source", previous -> {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new RemoteCopy.Fresh<>("v1", Duration.ofHours(1));
        }, clock, Duration.ofMillis(50));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> stalled = thread.submit(copy::get);
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(copy.get()).isEmpty();
            release.countDown();
            stalled.get(10, TimeUnit.SECONDS);
            assertThat(copy.get()).contains("v1");
        } finally {
            thread.shutdownNow();
        }
    }
}

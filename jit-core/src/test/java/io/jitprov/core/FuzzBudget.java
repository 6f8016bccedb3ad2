package io.jitprov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/**
 * The time one fuzz input may take. While fuzzing ({@code JAZZER_FUZZ} set) an input that takes
 * longer than a second is a finding, as a hang would be; over the committed inputs in a normal
 * build the time is not checked, since a cold, shared CI machine says nothing about a hang.
 *
 * @since 0.1
 */
public final class FuzzBudget {

    /** Longest a single input may take while fuzzing. */
    public static final Duration PER_INPUT = Duration.ofSeconds(1);

    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;

    private FuzzBudget() {
    }

    /** Runs {@code input}'s check; while fuzzing, fails when it took longer than {@link #PER_INPUT}. */
    public static void within(Runnable input) {
        long start = System.nanoTime();
        input.run();
        if (FUZZING) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time for one input").isLessThan(PER_INPUT);
        }
    }
}

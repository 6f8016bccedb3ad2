package io.jitprov.config;

import java.util.List;

/**
 * A configuration file (or a configuration built in code) is not usable; {@link #problems()} lists
 * every problem, each with its place in the file ({@code tenants[1].domains[0]: ...}).
 *
 * @since 0.1
 */
public final class JitConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Every problem, each with its place in the file. */
    private final List<String> problems;

    /** A configuration with these problems, each with its place in the file. */
    public JitConfigurationException(List<String> problems) {
        super("The jit configuration has " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each with its place in the file (e.g. {@code tenants[1].domains[0]: ...}). */
    public List<String> problems() {
        return problems;
    }
}

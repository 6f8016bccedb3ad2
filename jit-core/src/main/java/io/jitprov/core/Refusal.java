package io.jitprov.core;

import java.util.List;

/**
 * Why something was refused: every problem found, in the order the checks ran.
 *
 * @param errors at least one error; the first is the one shown to the person
 * @since 0.1
 */
public record Refusal(List<JitError> errors) {

    /** Refuses an empty list: a refusal has at least one reason. */
    public Refusal {
        errors = List.copyOf(errors);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors cannot be empty");
        }
    }

    /** A refusal with one error. */
    public static Refusal of(String code, String description) {
        return new Refusal(List.of(new JitError(code, description)));
    }

    /** The code of the first error. */
    public String code() {
        return errors.get(0).code();
    }

    /** The description of the first error. */
    public String message() {
        return errors.get(0).description();
    }

    /** Whether any of the errors carries {@code code}. */
    public boolean has(String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }

    @Override
    public String toString() {
        return errors.toString();
    }
}

package io.jitprov.core.tenant;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Regular expressions written by tenants' administrators, matched against group names their IdP
 * sends: a match may read the name at most {@link #BUDGET} times, so that no expression (a nested
 * repetition such as {@code (.*a){12}}) can hold a login thread for seconds. Expressions that
 * exhaust the budget on simple names built from their own characters are refused when written.
 */
final class BoundedRegex {

    /** Character reads one match may make: a linear expression needs a few per character of the name. */
    static final int BUDGET = 20_000;
    /** Character reads all of one login's regular-expression matches may make together. */
    static final int LOGIN_BUDGET = 1_000_000;
    private static final int PROBE_LENGTH = 48;

    private BoundedRegex() {
    }

    /** What is left of one login's reads; a rule that finds none left does not match. */
    static final class Budget {
        private int left;

        Budget(int reads) {
            this.left = reads;
        }
    }

    /** Whether the whole of {@code text} matches; false when the match would take longer than the budget. */
    static boolean matches(Pattern pattern, String text) {
        return matches(pattern, text, new Budget(BUDGET));
    }

    /** The same, drawing on {@code login}'s reads too: a login with hundreds of groups stays bounded. */
    static boolean matches(Pattern pattern, String text, Budget login) {
        int allowance = Math.min(BUDGET, login.left);
        if (allowance <= 0) {
            return false;
        }
        Counted counted = new Counted(text, allowance);
        try {
            return pattern.matcher(counted).matches();
        } catch (OverBudget e) {
            return false; // least privilege: a group this rule cannot judge in time gives no role
        } finally {
            login.left -= counted.reads;
        }
    }

    /**
     * Refuses an expression that takes more than the budget on a name of {@value #PROBE_LENGTH}
     * characters made of one of its literal characters, followed by one that breaks the match.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static void requireBounded(Pattern pattern) {
        Set<Character> characters = new LinkedHashSet<>();
        for (char c : pattern.pattern().toCharArray()) {
            if (c >= ' ' && "()[]{}*+?|^$\\".indexOf(c) < 0) {
                characters.add(c);
            }
        }
        characters.add('a');
        characters.add('0');
        for (char c : characters) {
            for (String end : new String[] {"", "!", "\u0000", "\n"}) {
                String probe = String.valueOf(c).repeat(PROBE_LENGTH) + end;
                try {
                    pattern.matcher(new Counted(probe, BUDGET)).matches();
                } catch (OverBudget e) {
                    throw new IllegalArgumentException("The regular expression [" + pattern.pattern() + "] can take"
                            + " exponential time on some group names (a repeated group that can match the same"
                            + " text in several ways, such as (.*a){12}): write it without repeating a repetition");
                }
            }
        }
    }

    /** The text, counting reads; past the budget a read stops the match. */
    private static final class Counted implements CharSequence {
        private final String text;
        private final int limit;
        private int reads;

        Counted(String text, int limit) {
            this.text = text;
            this.limit = limit;
        }

        @Override
        public char charAt(int index) {
            if (++reads > limit) {
                throw new OverBudget();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super(null, null, false, false);
        }
    }
}

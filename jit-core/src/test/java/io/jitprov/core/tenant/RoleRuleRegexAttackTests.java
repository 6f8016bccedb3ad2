package io.jitprov.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regular expressions come from tenants' administrators and meet group names from their IdP: an
 * expression that backtracks exponentially is refused when written, and no match can hold a login
 * thread, whatever the name.
 */
class RoleRuleRegexAttackTests {

    @ParameterizedTest
    @ValueSource(strings = {"(.*a){12}", "(.*,){11}P", "(x+x+){10}y", "(a|a?){20}b", "(a+){10}$"})
    void regexWhenItBacktracksExponentiallyThenRefusedWithAPlainReason(String regex) {
        assertThatIllegalArgumentException().isThrownBy(() -> RoleRule.regex(regex, "admin"))
                .withMessageContaining("exponential time").withMessageContaining(regex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-.*-admins", "^eng-(dev|ops)$", "[a-z]+-[0-9]{1,4}", "team/.+", "(?i)ADMINS",
        "a{1,3}b+c*", "(a+)+$", "(a|aa)+b", "(\\w+\\s?)+$"})
    void regexWhenItIsLinearThenAcceptedAndMatchesWholeNames(String regex) {
        assertThat(RoleRule.regex(regex, "admin").role()).isEqualTo("admin");
    }

    @Test
    void regexWhenItIsNotARegularExpressionThenItsSyntaxProblem() {
        assertThatThrownBy(() -> RoleRule.regex("acme-(admins", "admin")).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    @Timeout(60) // what an unbounded match would take: about 2^64 steps
    void matchesWhenAHostileNameMeetsASlowExpressionThenNoRoleAndNoHang() {
        // Compiled here, past the write-time check, as a rule stored before it existed would be.
        Pattern slow = Pattern.compile("(.*a){16}");

        assertThat(BoundedRegex.matches(slow, "a".repeat(64) + "!")).isFalse();
        // One the probes miss (its prefix stops them), bounded all the same.
        assertThat(RoleRule.regex("acme-(.*-){15}admins", "admin").matches("acme-" + "-".repeat(60) + "!")).isFalse();
        assertThat(BoundedRegex.matches(Pattern.compile("acme-.*"), "acme-" + "x".repeat(10_000))).isTrue();
    }

    @Test
    void matchesWhenTheRuleMatchesThenTheRoleIsGiven() {
        RoleRule rule = RoleRule.regex("eng-(dev|ops)", "engineer");

        assertThat(rule.matches("eng-ops")).isTrue();
        assertThat(rule.matches("eng-ops-extra")).as("whole name").isFalse();
    }

    @Test
    void mappingWhenItHasMoreExpressionsThanEachLoginCanAffordThenRefusedWithTheLimit() {
        RoleMapping.Builder many = RoleMapping.builder();
        for (int i = 0; i <= RoleMapping.MAX_REGEX_RULES; i++) {
            many.rule(RoleRule.regex("team-" + i + "-.*", "member"));
        }
        assertThatIllegalArgumentException().isThrownBy(many::build).withMessageContaining("regular-expression rules");
        RoleMapping.Builder tooMany = RoleMapping.builder();
        for (int i = 0; i <= RoleMapping.MAX_RULES; i++) {
            tooMany.rule(RoleRule.exact("team-" + i, "member"));
        }
        assertThatIllegalArgumentException().isThrownBy(tooMany::build).withMessageContaining("at most");
    }

    @Test
    void matchesWhenOneLoginsBudgetIsSpentThenEvenAMatchingRuleGivesNothingMore() {
        RoleRule slow = RoleRule.regex(".*.*z", "member");
        RoleRule cheap = RoleRule.regex("eng-.*", "engineer");
        BoundedRegex.Budget login = new BoundedRegex.Budget(BoundedRegex.LOGIN_BUDGET);
        assertThat(cheap.matches("eng-backend", login)).as("while there is budget").isTrue();

        int groups = 0;
        while (cheap.matches("eng-backend", login) && groups < 10_000) {
            slow.matches("a".repeat(200), login); // each spends up to one match's budget
            groups++;
        }

        assertThat(groups).as("hostile groups it took to spend one login's budget")
                .isBetween(BoundedRegex.LOGIN_BUDGET / BoundedRegex.BUDGET - 1, BoundedRegex.LOGIN_BUDGET / BoundedRegex.BUDGET + 1);
        assertThat(cheap.matches("eng-backend")).as("another login has its own budget").isTrue();
    }
}

package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.core.exec.PolicyChain;
import dev.leash.tiers.config.AllowConfig;
import dev.leash.tiers.support.TestRun;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PoliciesTest {

    private static final AllowConfig ALLOW = AllowConfig.defaults()
            .withEmailDomains(List.of("example.com", "*.partners.example"))
            .withHttpHosts(List.of("api.example.com"))
            .withPaths(List.of("workspace/**", "notes.txt"))
            .withTables(List.of("orders", "sales.customers"));

    private static Decision decide(SafetyLevel level, AllowConfig allow, Impact impact, Target... targets) {
        return TierPolicies.chain(level, allow, List.of()).evaluate(TestRun.of(level).call("tool", impact, targets));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "LEVEL_1, READ, allow",
        "LEVEL_1, WRITE, deny",
        "LEVEL_1, IRREVERSIBLE, deny",
        "LEVEL_2, READ, allow",
        "LEVEL_2, WRITE, allow",
        "LEVEL_2, IRREVERSIBLE, require_approval",
        "LEVEL_3, READ, allow",
        "LEVEL_3, WRITE, require_approval",
        "LEVEL_3, IRREVERSIBLE, require_approval",
    })
    void impactGateFollowsTheTierTable(SafetyLevel level, Impact impact, String expected) {
        Decision decision = decide(level, AllowConfig.defaults(), impact);

        assertThat(decision.kind()).isEqualTo(expected);
        assertThat(decision.rule()).isEqualTo(ImpactGate.RULE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "x@example.com                     | true",
        "X@EXAMPLE.COM                     | true",
        "Dana Doe <dana@example.com>       | true",
        "a@sub.partners.example            | true",
        "a@partners.example                | false",
        "x@evil.example                    | false",
        "x@example.com.evil.example        | false",
        "x@evilexample.com                 | false",
        "\"x@example.com\"@evil.example    | false",
        "Boss <x@evil.example> x@example.com | false",
        "no-at-sign                        | false",
        "'b@evil.example, a@example.com'   | false",
        "b@evil.example;a@example.com      | false",
        "b@evil.example a@example.com      | false",
        "x@                                | false",
    })
    void recipientIsCheckedByItsParsedDomain(String address, boolean inside) {
        assertThat(new Allowlists(SafetyLevel.LEVEL_2, ALLOW).recipientInside(address)).isEqualTo(inside);
    }

    @Test
    void anAddressWithSpacesIsOutsideWhateverLineSeparatorComesBeforeThem() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW);

        // A line or paragraph separator before the space or comma must not hide them.
        for (String separator : List.of("\n", "\r", "\u0085", "\u2028", "\u2029")) {
            assertThat(allowlists.recipientInside("x" + separator + " y@example.com")).as("U+%04X", (int) separator.charAt(0)).isFalse();
            assertThat(allowlists.recipientInside("x" + separator + ",y@example.com")).as("U+%04X", (int) separator.charAt(0)).isFalse();
        }
        assertThat(allowlists.recipientInside("y@example.com")).isTrue();
    }

    @Test
    void noEmailDomainsConfiguredMeansNoRecipientIsInside() {
        Decision decision = decide(SafetyLevel.LEVEL_2, AllowConfig.defaults(), Impact.WRITE, Target.recipient("x@example.com"));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.EMAIL_RULE);
        assertThat(decision.reason()).contains("x@example.com").contains("none configured");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SafetyLevel.class)
    void recipientOutsideIsDeniedAtEveryLevelWhateverAReviewerWouldSay(SafetyLevel level) {
        Target outsider = Target.recipient("secure@starsentinel.example");

        Decision decision = decide(level, ALLOW, Impact.WRITE, outsider);

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.EMAIL_RULE);
        assertThat(decision.reason()).contains("secure@starsentinel.example").contains("whatever a reviewer would say");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SafetyLevel.class, names = {"LEVEL_2", "LEVEL_3"})
    void aPayeeOutsideItsAllowlistIsDenied(SafetyLevel level) {
        AllowConfig allow = ALLOW.withTargets("payee", List.of("DE89370400440532013000", "GB29 NWBK *"));

        Decision attacker = decide(level, allow, Impact.IRREVERSIBLE, Target.of("payee", "US64SVBKUS6S3300958879"));
        Decision known = decide(level, allow, Impact.IRREVERSIBLE, Target.of("payee", "de89 3704 0044 0532 0130 00"));
        Decision glob = decide(level, allow, Impact.IRREVERSIBLE, Target.of("payee", "GB29NWBK60161331926819"));

        assertThat(attacker.kind()).isEqualTo("deny");
        assertThat(attacker.rule()).isEqualTo("allowlist.targets.payee");
        assertThat(attacker.reason()).contains("US64SVBKUS6S3300958879").contains("allow.targets.payee");
        // Inside the allowlist the call goes to a reviewer, flagged: the goal never named this payee.
        assertThat(known.kind()).isEqualTo("require_approval");
        assertThat(known.rule()).isEqualTo(TargetFlags.UNNAMED_TARGET + "+" + ImpactGate.RULE);
        assertThat(glob.kind()).isEqualTo("require_approval");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SafetyLevel.class, names = {"LEVEL_2", "LEVEL_3"})
    void aCustomKindWithoutAnAllowlistIsClosed(SafetyLevel level) {
        Decision decision = decide(level, ALLOW, Impact.WRITE, Target.of("channel", "#general"));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo("allowlist.targets.channel");
        assertThat(decision.reason()).contains("(none configured)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SafetyLevel.class, names = {"LEVEL_2", "LEVEL_3"})
    void aCustomToolsEmailTargetMeetsTheSameAllowlistAsMail(SafetyLevel level) {
        // A calendar invite to the attacker's address: the tool is custom, the allowlist is the mail one.
        Decision decision = decide(level, ALLOW, Impact.WRITE, Target.recipient("a@example.com"),
                Target.recipient("attacker@evil.example"), Target.of("channel", "#x"));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.EMAIL_RULE);
        assertThat(decision.reason()).contains("attacker@evil.example").contains("channel target(s) '#x'")
                .doesNotContain("'a@example.com'");
    }

    @Test
    void writeToRecipientsInsideIsAllowedAtLevelTwo() {
        Decision decision = decide(SafetyLevel.LEVEL_2, ALLOW, Impact.WRITE,
                Target.recipient("a@example.com"), Target.recipient("b@team.partners.example"));

        assertThat(decision.kind()).isEqualTo("allow");
    }

    @ParameterizedTest
    @EnumSource(SafetyLevel.class)
    void hostOutsideIsDeniedAtEveryLevelEvenForReads(SafetyLevel level) {
        Decision decision = decide(level, ALLOW, Impact.READ, Target.host("exfil.evil.example"));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.HOST_RULE);
    }

    @ParameterizedTest
    @EnumSource(SafetyLevel.class)
    void noHttpHostsConfiguredMeansNoHostIsInside(SafetyLevel level) {
        Decision decision = decide(level, AllowConfig.defaults(), Impact.READ, Target.host("api.example.com"));

        assertThat(decision.rule()).isEqualTo(Allowlists.HOST_RULE);
        assertThat(decision.kind()).isEqualTo("deny");
    }

    @Test
    void allowlistedHostIsInsideWhateverItsCaseOrPort() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW);

        assertThat(allowlists.hostInside("API.example.com")).isTrue();
        assertThat(allowlists.hostInside("api.example.com:8443")).isTrue();
        assertThat(allowlists.hostInside("api.example.com.evil.example")).isFalse();
        assertThat(allowlists.hostInside("evil.example\\api.example.com")).isFalse();
        assertThat(allowlists.hostInside("api.example.com@evil.example")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "workspace/a.txt, true",
        "workspace/deep/b.txt, true",
        "workspace, true",
        "./workspace/a.txt, true",
        "notes.txt, true",
        "secrets/key.pem, false",
        "workspace/../secrets/key.pem, false",
        "/etc/passwd, false",
        "notes.txt.bak, false",
    })
    void pathsAreMatchedAgainstTheGlobs(String path, boolean inside) {
        assertThat(new Allowlists(SafetyLevel.LEVEL_2, ALLOW).pathInside(path)).isEqualTo(inside);
    }

    @Test
    void pathsDefaultToTheWholeRootButNeverOutsideIt() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, AllowConfig.defaults());

        assertThat(allowlists.pathInside("anything/at/all.txt")).isTrue();
        assertThat(allowlists.pathInside("../outside.txt")).isFalse();
        assertThat(allowlists.pathInside("/abs.txt")).isFalse();
        Decision decision = decide(SafetyLevel.LEVEL_2, AllowConfig.defaults(), Impact.WRITE, Target.path("../x"));
        assertThat(decision.rule()).isEqualTo(Allowlists.PATH_RULE);
        assertThat(decision.kind()).isEqualTo("deny");
    }

    @Test
    void tablesDefaultToEveryTableAndOtherwiseMatchCaseInsensitively() {
        Allowlists open = new Allowlists(SafetyLevel.LEVEL_2, AllowConfig.defaults());
        Allowlists closed = new Allowlists(SafetyLevel.LEVEL_2, ALLOW);

        assertThat(open.tableInside("anything")).isTrue();
        assertThat(closed.tableInside("ORDERS")).isTrue();
        assertThat(closed.tableInside("public.orders")).isTrue();
        assertThat(closed.tableInside("sales.customers")).isTrue();
        assertThat(closed.tableInside("hr.customers")).isFalse();
        assertThat(closed.tableInside("salaries")).isFalse();
        assertThat(decide(SafetyLevel.LEVEL_2, ALLOW, Impact.WRITE, Target.table("salaries")).rule())
                .isEqualTo(Allowlists.TABLE_RULE);
    }

    @Test
    void writeOfACustomToolWithoutTargetsIsInsideTheAllowlists() {
        Decision decision = decide(SafetyLevel.LEVEL_2, AllowConfig.defaults(), Impact.WRITE);

        assertThat(decision.kind()).isEqualTo("allow");
        assertThat(decision.rule()).isEqualTo(ImpactGate.RULE);
    }

    @Test
    void guardPoliciesRunBeforeTheGateAndTheirDenialWins() {
        Policy guard = call -> Optional.of(Decision.deny("leak-guard", "a secret would leave"));
        PolicyChain chain = TierPolicies.chain(SafetyLevel.LEVEL_2, AllowConfig.defaults(), List.of(guard));

        Decision decision = chain.evaluate(TestRun.of(SafetyLevel.LEVEL_2).call("tool", Impact.WRITE));

        assertThat(chain.policies()).hasSize(7);
        assertThat(chain.policies().get(0)).isSameAs(guard);
        assertThat(chain.policies()).extracting(Policy::name).endsWith(HiddenText.HIDDEN_TEXT, Coercion.COERCION,
                SafetyOverride.SAFETY_OVERRIDE, "allowlists", "impact-gate");
        assertThat(decision.rule()).isEqualTo("leak-guard");
    }

    @Test
    void aGuardsApprovalReasonComesFirstOfWhatTheReviewerReads() {
        Policy guard = call -> Optional.of(Decision.requireApproval("taint-guard", "content from email:m1 flows into to"));
        PolicyChain chain = TierPolicies.chain(SafetyLevel.LEVEL_3, AllowConfig.defaults(), List.of(guard));

        Decision decision = chain.evaluate(TestRun.of(SafetyLevel.LEVEL_3).call("tool", Impact.WRITE));

        assertThat(decision).isInstanceOf(Decision.RequireApproval.class);
        assertThat(decision.rule()).isEqualTo("taint-guard+impact-gate");
        assertThat(decision.reason()).startsWith("content from email:m1 flows into to; ");
    }
}

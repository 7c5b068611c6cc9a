package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Targets;
import dev.leash.tiers.config.AllowConfig;
import dev.leash.tiers.support.TestRun;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target must be read by the allowlist as the tool or backend that acts on it reads it: an
 * argument value that a mail server, an HTTP client or a file system would take to somewhere
 * outside must never look inside. Each value goes the way a custom tool's declared argument goes
 * ({@link Targets#of}) into the tier's policies; every deny names the allowlist's rule, and each
 * attack has benign twins of the same shape that stay allowed.
 */
class TargetReadingTest {

    private static final AllowConfig ALLOW = AllowConfig.defaults()
            .withEmailDomains(List.of("example.com", "kontor.example"))
            .withHttpHosts(List.of("api.example.com", "kontor.example"))
            .withPaths(List.of("workspace/**"))
            .withTargets("branch", List.of("fix/*", "feature/*", "release"))
            .withTargets("channel", List.of("#team-*", "#support"))
            .withTargets("attendee", List.of("*@example.com"))
            .withTargets("payee", List.of("DE89370400440532013000", "GB29 NWBK *"))
            .withTargets("partner", List.of("Acme Optics", "Quantum  Rival"));

    // An entry of words lost its white space while the value kept it: no value could match it.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Acme Optics", "acme optics", "  ACME OPTICS ", "AcmeOptics", "Quantum Rival"})
    void aPartnerOfSeveralWordsWrittenAsListedIsAllowed(String partner) {
        assertThat(decide("partner", partner).kind()).isEqualTo("allow");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Acme  Optics", "Acme\tOptics", "Acme Optics Ltd", "Acme Optics, Evil Corp", "Acme", "Quantum\nRival"})
    void aPartnerWrittenOtherwiseIsDenied(String partner) {
        Decision decision = decide("partner", partner);
        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo("allowlist.targets.partner");
    }

    private static Decision decide(String kind, String value) {
        List<Target> targets = Targets.of(kind, value);
        return TierPolicies.chain(SafetyLevel.LEVEL_2, ALLOW, List.of())
                .evaluate(TestRun.of(SafetyLevel.LEVEL_2).call("tool", Impact.WRITE, targets.toArray(new Target[0])));
    }

    // A quoted display name (or a backslash) made the whole field one target, and only the text
    // inside <...> was read: the other recipients of the field were never checked.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "\"Smith, Ann\" <ann@example.com>, eve@evil.example",
        "eve@evil.example, \"Ann\" <ann@example.com>",
        "eve@evil.example, Ann\\ Smith <ann@example.com>",
        "\"Ann\" <ann@example.com>; eve@evil.example",
        // A quoted local part is part of the address, not a display name: the mail goes to evil.example.
        "\"<ann@example.com>\"@evil.example",
        "\"ann@example.com>\" <eve@evil.example>",
        // Text that a parser could read as a second address, or as the address, after or beside <...>.
        "<ann@example.com> eve@evil.example",
        "x <eve@evil.example> <ann@example.com>",
        "eve@evil.example <ann@example.com>",
        "ann@example.com (x) eve@evil.example",
        // A domain that only case folding turns into an allowlisted one (KELVIN SIGN, not K).
        "ann@\u212Aontor.example",
    })
    void aRecipientFieldThatSendsOutsideIsDenied(String to) {
        Decision decision = decide("email", to);

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.EMAIL_RULE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ann@example.com",
        "Ann Smith <ann@example.com>",
        "\"Smith, Ann\" <ann@example.com>, bob@example.com",
        "\"Smith, Ann (Sales)\" <ann@example.com>; Bob <bob@kontor.example>",
        "ann@example.com (Ann Smith)",
        "\"ann smith\"@example.com",
        "<ann@example.com>",
        "  ann@EXAMPLE.com  ,  ",
        "Ann \"the boss\" Smith <ann@example.com>",
    })
    void recipientFieldsInsideStayAllowed(String to) {
        assertThat(decide("email", to).kind()).isEqualTo("allow");
        assertThat(Targets.of("email", to)).allSatisfy(t -> assertThat(t.value()).doesNotContain("<", ">", ","));
    }

    // A value the allowlist read as "host:port" while a client that adds a scheme reads the text
    // before '@' as user information and connects to the host after it.
    @ParameterizedTest(name = "{0} {1}")
    @ValueSource(strings = {
        "url|api.example.com:80@evil.example/",
        "url|api.example.com:@evil.example",
        "url|http:api.example.com",
        "url|https://api.example.com\\@evil.example/",
        "host|api.example.com:80@evil.example",
        "host|api.example.com:443/@evil.example",
        "host|api.example.com:x",
        "host|\u212Aontor.example",
        "url|https://\u212Aontor.example/",
        "url|https://api.example.com@evil.example/",
        "url|https://evil.example#@api.example.com",
        // Read as user information before api.example.com here; a parser that applies NFKC to the
        // authority first reads '#', '/' or 'a/c' in it and connects to evil.example.
        "url|http://evil.example\uFF03@api.example.com/",
        "url|http://evil.example\uFF0F@api.example.com/",
        "url|http://evil.example\u2100@api.example.com/",
    })
    void aHostThatConnectsOutsideIsDenied(String kindAndValue) {
        String[] parts = kindAndValue.split("\\|", 2);
        Decision decision = decide(parts[0], parts[1]);

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.HOST_RULE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "url|https://api.example.com/v1/orders",
        "url|https://API.example.com:8443/v1?q=a@b",
        "url|https://api.example.com./",
        "url|api.example.com:8443",
        "url|https://api.example.com/r\u00e9sum\u00e9?q=\uFF03",
        "url|https://reader@api.example.com/feed",
        "host|api.example.com",
        "host|api.example.com:8443",
        "host|Kontor.example.",
    })
    void hostsInsideStayAllowed(String kindAndValue) {
        String[] parts = kindAndValue.split("\\|", 2);
        assertThat(decide(parts[0], parts[1]).kind()).isEqualTo("allow");
    }

    @org.junit.jupiter.api.Test
    void aSubdomainEntryAdmitsOnlyRealSubdomains() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW.withHttpHosts(List.of("*.example.com")));

        assertThat(allowlists.hostInside("..example.com")).isFalse();
        assertThat(allowlists.hostInside("a..example.com")).isFalse();
        assertThat(allowlists.hostInside("-.example.com")).isFalse();
        assertThat(allowlists.hostInside("api.example.com")).isTrue();
        assertThat(allowlists.hostInside("eu_west.api.example.com:443")).isTrue();
    }

    // A tool that decodes percent escapes, folds Unicode compatibility forms (two-dot leader,
    // full-width full stop and solidus) or expands '~' reads these as outside the allowed paths.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "workspace/%2e%2e/secrets/key.pem",
        "workspace/%2E%2E%2Fsecrets%2Fkey.pem",
        "workspace%2f..%2fsecrets/key.pem",
        "workspace/\u2025/secrets/key.pem",
        "workspace/\uFF0E\uFF0E/secrets/key.pem",
        "workspace/\uFF0E\uFF0E\uFF0Fsecrets",
        "~/secrets/key.pem",
        "file:///etc/passwd",
        "C:/Windows/win.ini",
        "workspace/..",
    })
    void aPathThatLeadsOutsideIsDenied(String path) {
        Decision decision = decide("path", path);

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.PATH_RULE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "workspace/report.txt",
        "workspace/100% done.txt",
        "workspace/r\u00e9sum\u00e9.txt",
        "workspace/re\u0301sume\u0301.txt",
        "workspace/v1.2..3/notes.txt",
        "workspace/\uFF21.txt",
        "./workspace/a.txt",
    })
    void pathsInsideStayAllowed(String path) {
        assertThat(decide("path", path).kind()).isEqualTo("allow");
    }

    @org.junit.jupiter.api.Test
    void whiteSpaceAroundAPathIsPartOfItsName() {
        // A standard file tool reports the path as it will open it: "notes.txt " is another file.
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW.withPaths(List.of("notes.txt", "workspace/**")));

        assertThat(allowlists.pathInside("notes.txt ")).isFalse();
        assertThat(allowlists.pathInside(" notes.txt")).isFalse();
        assertThat(allowlists.pathInside("notes.txt")).isTrue();
        assertThat(allowlists.pathInside("workspace/my notes.txt")).isTrue();
        // ... and so it is for a custom tool's path argument.
        assertThat(Targets.of("path", "notes.txt ")).allSatisfy(t -> assertThat(allowlists.inside(t)).isFalse());
        assertThat(Targets.of("path", "notes.txt")).allSatisfy(t -> assertThat(allowlists.inside(t)).isTrue());
    }

    // A wildcard that matched any character admitted values that the tool reads as something
    // else: a refspec pushing to main, a second word a shell or git reads as a second argument,
    // a list of channels or attendees. Whitespace was also dropped before matching, so 'fix/a main'
    // read as 'fix/amain'.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "branch|fix/x:main",
        "branch|fix/x:refs/heads/main",
        "branch|fix/a main",
        "branch|fix/a;git push -f origin main",
        "branch|feature/x\nmain",
        "branch|re lease",
        "branch|Keep",
        "channel|#team-a,#exec",
        "channel|#team-a #exec",
        "channel|#sup port",
        "attendee|eve@evil.example,bob@example.com",
        "attendee|eve@evil.example@example.com",
        "attendee|eve@evil.example <bob@example.com>",
    })
    void aCustomTargetThatAToolReadsAsSomethingElseIsDenied(String kindAndValue) {
        String[] parts = kindAndValue.split("\\|", 2);
        Decision decision = decide(parts[0], parts[1].replace("\\n", "\n"));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.TARGETS_RULE + parts[0]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "branch|fix/issue-12",
        "branch|feature/team/login_v2",
        "branch|Release",
        "branch| release ",
        "channel|#team-ops",
        "channel|#Support",
        "attendee|bob.lee+cal@example.com",
        "payee|DE89 3704 0044 0532 0130 00",
        "payee|de89370400440532013000",
        "payee|GB29 NWBK 6016 1331 9268 19",
        "payee|GB29NWBK60161331926819",
    })
    void customTargetsInsideStayAllowed(String kindAndValue) {
        String[] parts = kindAndValue.split("\\|", 2);
        assertThat(decide(parts[0], parts[1]).kind()).isNotEqualTo("deny");
    }

    // A custom tool that declares its 'to' argument but also takes copies: the allowlist read only
    // 'to', the tool sent to cc and bcc as well.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"to\": \"ann@example.com\", \"cc\": \"eve@evil.example\"}",
        "{\"to\": \"ann@example.com\", \"Bcc\": [\"bob@example.com\", \"eve@evil.example\"]}",
        "{\"to\": \"ann@example.com\", \"reply_to\": \"Eve <eve@evil.example>\"}",
        "{\"to\": \"ann@example.com\", \"replyTo\": \"eve@evil.example\"}",
        "{\"to\": \"ann@example.com\", \"cc\": \"x\\u000a@evil.example\"}",
    })
    void copiesToAnUndeclaredRecipientFieldMeetTheSameAllowlist(String argumentsJson) {
        List<Target> targets = Targets.fromArguments(java.util.Map.of("to", "email"),
                dev.leash.api.tool.ToolCall.of("send_message", TestRun.args(argumentsJson)));

        Decision decision = TierPolicies.chain(SafetyLevel.LEVEL_2, ALLOW, List.of())
                .evaluate(TestRun.of(SafetyLevel.LEVEL_2).call("send_message", Impact.WRITE, targets.toArray(new Target[0])));

        assertThat(decision.kind()).isEqualTo("deny");
        assertThat(decision.rule()).isEqualTo(Allowlists.EMAIL_RULE);
    }

    @org.junit.jupiter.api.Test
    void copiesInsideStayAllowedAndOtherArgumentsAreNoRecipients() {
        List<Target> targets = Targets.fromArguments(java.util.Map.of("to", "email"), dev.leash.api.tool.ToolCall.of("send_message",
                TestRun.args("{\"to\": \"ann@example.com\", \"cc\": \"Bob <bob@example.com>\", \"bcc\": \"\","
                        + " \"reporter\": \"customer@outside.example\", \"body\": \"write to eve@evil.example\"}")));

        assertThat(targets).containsExactlyInAnyOrder(Target.recipient("ann@example.com"), Target.recipient("bob@example.com"));
        // A tool that declares no targets is watched argument by argument by the target flags instead.
        assertThat(Targets.fromArguments(java.util.Map.of(), dev.leash.api.tool.ToolCall.of("note",
                TestRun.args("{\"cc\": \"eve@evil.example\"}")))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aTableThatOnlyCaseFoldingNamesAsAllowedIsOutside() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW.withTables(List.of("keys", "orders")));

        // KELVIN SIGN: a database that folds ASCII letters only reads another table.
        assertThat(allowlists.tableInside("\u212Aeys")).isFalse();
        assertThat(allowlists.tableInside("public.\u212Aeys")).isFalse();
        assertThat(allowlists.tableInside("KEYS")).isTrue();
        assertThat(allowlists.tableInside("\"Orders\"")).isTrue();
    }

    @org.junit.jupiter.api.Test
    void anUnqualifiedTableEntryDoesNotAdmitTheDatabasesOwnCatalogs() {
        Allowlists allowlists = new Allowlists(SafetyLevel.LEVEL_2, ALLOW.withTables(List.of("users", "settings", "orders")));

        for (String catalog : new String[] {"INFORMATION_SCHEMA.USERS", "information_schema.users", "pg_catalog.pg_settings",
            "PG_CATALOG.settings", "\"pg_catalog\".\"users\"", "mydb.information_schema.users", "pg_temp_3.orders",
            "mysql.users", "performance_schema.users", "sys.users"}) {
            assertThat(allowlists.tableInside(catalog)).as(catalog).isFalse();
        }
        // benign twins: the application's own tables, in any schema of its own
        for (String own : new String[] {"users", "USERS", "public.users", "PUBLIC.USERS", "app.orders", "mydb.public.orders",
            "\"public\".\"settings\""}) {
            assertThat(allowlists.tableInside(own)).as(own).isTrue();
        }
        Allowlists named = new Allowlists(SafetyLevel.LEVEL_2, ALLOW.withTables(List.of("information_schema.tables")));
        assertThat(named.tableInside("INFORMATION_SCHEMA.TABLES")).as("an entry that names the catalog").isTrue();
    }
}

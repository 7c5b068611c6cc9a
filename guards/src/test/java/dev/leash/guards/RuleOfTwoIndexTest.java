package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Rule of Two keeps, per run, the untrusted sources read and the sensitive data touched,
 * instead of walking every observation at every call. This checks, on random runs (secrets
 * registered mid-run included), that it decides exactly as the rule that walks everything ({@link
 * RuleOfTwoByScan}).
 */
class RuleOfTwoIndexTest {

    private static final String[] CONTENTS = {
        "all good", "DB_PASSWORD=db-root-pw-5521", "token " + SecretRedactor.SECRET_MARK, "later-secret-77 was here",
        "name,salary\nana,91000", "SELECT * FROM salaries", "see hr/plan.txt"};
    private static final String[] SOURCES = {
        "mail m1 from eve@outside.example", "file hr/salaries.csv", "https://status.example", "file notes.txt",
        "table salaries", "secrets/keys.txt"};

    @Test
    void decidesAsWalkingEveryObservationWhileARunGrows() {
        Random random = new Random(2);
        int fired = 0;
        for (int trial = 0; trial < 200; trial++) {
            SecretRegistry secrets = new SecretRegistry().addValue("db-root-pw-5521");
            SensitiveData sensitive = switch (trial % 4) {
                case 2 -> SensitiveData.of(Set.of(), Set.of("salaries"));
                case 3 -> SensitiveData.none();
                default -> SensitiveData.of(Set.of("hr/**", "secrets/*.txt"), Set.of("salaries"));
            };
            RuleOfTwo indexed = new RuleOfTwo(secrets, sensitive);
            RuleOfTwoByScan scanned = new RuleOfTwoByScan(secrets, sensitive);
            Calls.Run run = Calls.Run.of("Handle the inbox");
            for (int step = 0; step < 10; step++) {
                switch (random.nextInt(6)) {
                    case 0 -> secrets.addValue("later-secret-77");
                    case 1 -> {
                        if (!run.observations.isEmpty()) {
                            run.observations.remove(run.observations.size() - 1);
                        }
                    }
                    default -> run.observations.add(observation(random));
                }
                for (int c = 0; c < 2; c++) {
                    ProposedCall call = call(random, run);
                    Optional<Decision> expected = scanned.evaluate(call);
                    assertThat(indexed.evaluate(call)).as("trial %d step %d", trial, step).isEqualTo(expected);
                    fired += expected.isPresent() ? 1 : 0;
                }
            }
        }
        assertThat(fired).isGreaterThan(300);
    }

    private static Observation observation(Random random) {
        String source = SOURCES[random.nextInt(SOURCES.length)];
        Provenance provenance = random.nextBoolean() ? Provenance.untrusted(source) : Provenance.trusted(source);
        ToolCall call = ToolCall.of(random.nextBoolean() ? "read_file" : "query",
                Calls.args("path", random.nextBoolean() ? "hr/x.csv" : "notes.txt"));
        String content = CONTENTS[random.nextInt(CONTENTS.length)];
        return random.nextInt(5) == 0
                ? new Observation(call, Observation.Status.DENIED, content, provenance, Optional.empty(), List.of())
                : Observation.ok(call, content, provenance);
    }

    private static ProposedCall call(Random random, Calls.Run run) {
        return switch (random.nextInt(4)) {
            case 0 -> Calls.writeFile(run, random.nextBoolean() ? "hr/out.txt" : "workspace/out.txt", "done");
            case 1 -> Calls.httpGet(run, "https://api.example.com/lookup?q=ana");
            case 2 -> Calls.call(run, "lookup", Impact.READ, Calls.args("q", "x"), List.of(Target.table("salaries")));
            default -> Calls.sendEmail(run, "ops@novastar.example", "Status", "All good");
        };
    }
}

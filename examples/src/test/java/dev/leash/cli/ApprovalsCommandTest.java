package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gate: store} from the command line: {@code leash run} suspends at the ops agent's
 * IRREVERSIBLE restart and exits 7 with the run id, {@code leash approvals list|approve|deny}
 * answers as a configured reviewer, and {@code leash run --resume} finishes the run.
 */
class ApprovalsCommandTest {

    private static final String TOKEN = "alice-token-0123456789abcdef";

    @TempDir
    Path work;

    private StringWriter out;
    private StringWriter err;

    private int cli(Map<String, String> env, String stdin, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env, new StringReader(stdin));
    }

    private Path config() throws Exception {
        return Files.writeString(work.resolve("leash.yaml"), """
                safety:
                  level: 2
                  allow:
                    paths: ["logs/**", "config/**"]
                  approvals:
                    gate: store
                    expires: 2h
                    reviewers:
                      - { name: alice, token_env: ALICE_TOKEN, agents: [ops] }
                      - { name: oncall@northwind.example, token_env: ALICE_TOKEN, principals: ["*"] }
                """);
    }

    private static String pendingId(String list) {
        Matcher m = Pattern.compile("(apr-[0-9a-f-]+)\\s+(run-[0-9a-f-]+)\\s+restart_service").matcher(list);
        assertThat(m.find()).as(list).isTrue();
        return m.group(1);
    }

    @Test
    void runSuspendsExitsSevenIsApprovedFromTheTerminalAndResumes() throws Exception {
        Path config = config();
        Map<String, String> env = Map.of("LEASH_WORK", work.toString(), "ALICE_TOKEN", TOKEN);
        String[] run = {"run", "--agent", "ops", "--config", config.toString(), "--planner", "scripted", "--script",
            "agents/ops/demo.yaml", "--work", work.resolve("ops").toString(), "--audit", work.resolve("audit.jsonl").toString(),
            "checkout is timing out, fix it"};
        assertThat(cli(env, "", run)).as(out + "" + err).isEqualTo(7);
        Matcher m = Pattern.compile("run (run-[0-9a-f-]+) is waiting for approval \\(waiting for reviewers: (apr-[0-9a-f-]+)\\)")
                .matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        String runId = m.group(1);

        assertThat(cli(env, "", "approvals", "list", "--work", work.toString(), "--config", config.toString())).isZero();
        String id = pendingId(out.toString());
        assertThat(id).isEqualTo(m.group(2));

        // The wrong secret, or a reviewer who is the run's own principal, does not count.
        assertThat(cli(env, "wrong-secret\n", "approvals", "approve", id, "--reviewer", "alice", "--work", work.toString(),
                "--config", config.toString())).isEqualTo(2);
        assertThat(cli(env, TOKEN + "\n", "approvals", "approve", id, "--reviewer", "oncall@northwind.example", "--work",
                work.toString(), "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no request " + id + " that oncall@northwind.example may decide");

        assertThat(cli(env, TOKEN + "\n", "approvals", "approve", id, "--reviewer", "alice", "--work", work.toString(),
                "--config", config.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("restart_service", "approved " + id, "leash run --resume " + runId);

        assertThat(cli(env, "", "run", "--resume", runId)).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("restart_service", "resumed run " + runId + " ended COMPLETED");
        assertThat(cli(Map.of(), "", "audit", "verify", work.resolve("audit.jsonl").toString())).isZero();

        assertThat(cli(env, "", "run", "--resume", runId)).isZero();
        assertThat(out.toString()).contains("already ended COMPLETED; nothing was run again");
    }

    @Test
    void aDenialFromTheTerminalReachesTheAgentAsARefusal() throws Exception {
        Path config = config();
        Map<String, String> env = Map.of("LEASH_WORK", work.toString(), "ALICE_TOKEN", TOKEN, "LEASH_REVIEWER_SECRET", TOKEN);
        assertThat(cli(env, "", "run", "--agent", "ops", "--config", config.toString(), "--planner", "scripted", "--script",
                "agents/ops/demo.yaml", "--work", work.resolve("ops").toString(), "fix checkout")).isEqualTo(7);
        cli(env, "", "approvals", "list", "--work", work.toString(), "--config", config.toString());
        String id = pendingId(out.toString());
        assertThat(cli(env, "", "approvals", "deny", id, "--reviewer", "alice", "--work", work.toString(),
                "--config", config.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("a rejection needs a reason");
        assertThat(cli(env, "", "approvals", "deny", id, "--reviewer", "alice", "--reason", "not during peak hours",
                "--work", work.toString(), "--config", config.toString())).isZero();
        String runId = Pattern.compile("leash run --resume (run-[0-9a-f-]+)").matcher(out.toString()).results()
                .findFirst().orElseThrow().group(1);
        assertThat(cli(env, "", "run", "--resume", runId)).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("not during peak hours");
    }
}

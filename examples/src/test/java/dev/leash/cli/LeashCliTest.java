package dev.leash.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LeashCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LeashCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: leash").contains("Commands:");
    }

    @Test
    void versionIsPrinted() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("leash ");
    }

    @Test
    void unknownSubcommandGetsAClearError() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("'frobnicate'").contains("Valid subcommands:").contains("leash --help");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "inbox, read_inbox, lookup_contact, send_email",
        "ops, read_file, write_file, restart_service",
        "refunds, lookup_order, sql_query, issue_refund"})
    void manifestListsEachExampleAgentsTools(String agent, String read, String other, String irreversible) {
        assertThat(run("manifest", "--agent", agent, "--level", "2")).isZero();
        assertThat(out.toString()).contains(read).contains(other).contains(irreversible);
    }

    @Test
    void manifestNamesTheExampleAgentsForAnUnknownOne() {
        assertThat(run("manifest", "--agent", "payroll")).isNotZero();
        assertThat(err.toString()).contains("'payroll'").contains("inbox, ops, refunds");
    }
}

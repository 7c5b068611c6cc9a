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
}

package dev.leash.cli;

import dev.leash.api.audit.AuditException;
import dev.leash.core.audit.AuditVerifier;
import dev.leash.core.audit.IncidentReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leash audit}: check and read audit logs written by {@link dev.leash.core.audit.JsonlAuditSink}.
 *
 * <p>Exit codes of both subcommands: {@value #INTACT} the log is intact; {@value #TAMPERED} it is
 * not (the first bad record is named); {@value #UNUSABLE} the file cannot be read or the
 * arguments are wrong; {@value #TORN_TAIL} every complete record is intact but the last line is
 * incomplete, as a crash while writing leaves it.
 */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        description = "Check and read audit logs.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Incidents.class})
public final class AuditCommand implements Callable<Integer> {

    static final int INTACT = 0;
    static final int TAMPERED = 1;
    static final int UNUSABLE = 2;
    static final int TORN_TAIL = 3;
    static final int NO_CHECKPOINT = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("leash audit: say what to do: verify FILE or incidents FILE");
        spec.commandLine().usage(spec.commandLine().getErr());
        return UNUSABLE;
    }

    private static int exitCode(AuditVerifier.Result result) {
        if (result.intact()) {
            return INTACT;
        }
        if (result.checkpointMissingOnly()) {
            return NO_CHECKPOINT;
        }
        return result.tornTailOnly() ? TORN_TAIL : TAMPERED;
    }

    private static boolean readable(Path file, PrintWriter err, String command) {
        if (!Files.isRegularFile(file)) {
            err.println("leash audit " + command + ": no such file: " + file);
            return false;
        }
        return true;
    }

    /** {@code leash audit verify FILE}. */
    @Command(name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Checks every record's hash, the hash chain, the sequence numbers and the checkpoint FILE.head.",
                "Exit 0: intact. 1: not intact; the first bad record is named (line, seq, what is wrong).",
                "3: intact except an incomplete last line, as a crash leaves. 2: the file cannot be read.",
                "4: every record and link intact, but FILE.head is not beside the log (a copy made without it):",
                "   a cut-off tail cannot be detected; copy FILE.head with the log or give --checkpoint."})
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the audit log (JSON Lines)")
        Path file;

        @Option(names = "--checkpoint", paramLabel = "HEAD",
                description = "compare with this checkpoint instead of FILE.head (for instance a copy kept elsewhere)")
        Path checkpoint;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!readable(file, err, "verify") || checkpoint != null && !readable(checkpoint, err, "verify")) {
                return UNUSABLE;
            }
            AuditVerifier.Result result;
            try {
                result = checkpoint == null ? AuditVerifier.verify(file) : AuditVerifier.verify(file, checkpoint);
            } catch (AuditException e) {
                err.println("leash audit verify: " + e.getMessage());
                return UNUSABLE;
            }
            out.println(file + ": " + result.summary());
            out.flush();
            return exitCode(result);
        }
    }

    /** {@code leash audit incidents FILE}. */
    @Command(name = "incidents",
            mixinStandardHelpOptions = true,
            description = {
                "Prints, per run, the denials (stage and rule), approvals (exact arguments, who answered what, when),",
                "incidents and how the run ended, after checking the log's integrity.",
                "Exit codes as for verify; a log that is not intact is reported under a warning."})
    static final class Incidents implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the audit log (JSON Lines)")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!readable(file, err, "incidents")) {
                return UNUSABLE;
            }
            IncidentReport report;
            try {
                report = IncidentReport.read(file);
            } catch (AuditException e) {
                err.println("leash audit incidents: " + e.getMessage());
                return UNUSABLE;
            }
            out.print(report.render());
            out.flush();
            return exitCode(report.verification().orElseThrow());
        }
    }
}

package dev.leash.cli;

import dev.leash.api.LeashException;
import dev.leash.approvals.ApprovalDesk;
import dev.leash.approvals.ApprovalStore;
import dev.leash.approvals.Reviewer;
import dev.leash.approvals.StoredRequest;
import dev.leash.approvals.web.ApprovalConsole;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import dev.leash.tiers.config.ApprovalsConfig;
import dev.leash.tiers.config.LeashConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leash approvals serve|list|approve|deny|hash-password}: the approval store from a
 * terminal, and the web console. Exit 0 done, 1 an answer that did not count, 2 bad arguments
 * or configuration.
 */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = "Answer approval requests of suspended runs: the web console, or from this terminal.",
        subcommands = {ApprovalsCommand.Serve.class, ApprovalsCommand.ListPending.class, ApprovalsCommand.Approve.class,
            ApprovalsCommand.Deny.class, ApprovalsCommand.HashPassword.class})
public final class ApprovalsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand shares. */
    static class Common {
        @Option(names = "--config", paramLabel = "FILE", description = "The deployment's leash.yaml (safety.approvals).")
        Path config;

        @Option(names = "--work", paramLabel = "DIR", description = "Where the embedded store lives (default: leash-work).")
        Path work;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The environment (tokens, passwords) and the terminal; {@link LeashCli} sets them for tests. */
        java.util.Map<String, String> env = System.getenv();
        java.io.Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8);

        LeashConfig leash() {
            return config == null ? LeashConfig.defaults() : LeashConfig.load(config);
        }

        ApprovalStore store(LeashConfig leash) {
            return ApprovalSetup.store(leash.safety().approvals(), work == null ? ApprovalSetup.DEFAULT_WORK : work, env);
        }

        ApprovalDesk desk(LeashConfig leash, ApprovalStore store, JsonlAuditSink audit) {
            return new ApprovalDesk(store, ApprovalSetup.reviewers(leash.safety().approvals(), env), audit);
        }

        JsonlAuditSink audit(LeashConfig leash) {
            Path dir = work == null ? ApprovalSetup.DEFAULT_WORK : work;
            return JsonlAuditSink.open(dir.resolve("approvals-audit.jsonl"), masker(leash));
        }

        SecretMasker masker(LeashConfig leash) {
            List<String> secrets = new ArrayList<>(leash.safety().secrets().values());
            leash.safety().secrets().env().forEach(n -> Optional.ofNullable(env.get(n)).filter(v -> !v.isBlank())
                    .ifPresent(secrets::add));
            return SecretMasker.of(secrets);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web approval console until stopped.")
    static final class Serve extends Common implements Callable<Integer> {
        @Option(names = "--port", defaultValue = "8090", description = "Port (default 8090).")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default 127.0.0.1;"
                + " put a TLS proxy in front for anything else).")
        String bind;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try {
                LeashConfig leash = leash();
                if (leash.safety().approvals().reviewers().isEmpty()) {
                    spec.commandLine().getErr().println("leash approvals serve: no reviewers in safety.approvals.reviewers;"
                            + " nobody could sign in");
                    return 2;
                }
                ApprovalStore store = store(leash);
                JsonlAuditSink audit = audit(leash);
                ApprovalConsole console = ApprovalConsole.start(desk(leash, store, audit), masker(leash),
                        new InetSocketAddress(bind, port), Duration.ofMinutes(15), Duration.ofHours(8));
                out.println("leash approvals: console at " + console.uri() + " (answers audited in "
                        + audit.path() + ")");
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    console.close();
                    audit.close();
                    store.close();
                    stop.countDown();
                }));
                stop.await();
                return 0;
            } catch (LeashException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("leash approvals serve: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per pending request: id, run, tool, flags.")
    static final class ListPending extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (ApprovalStore store = store(leash())) {
                List<StoredRequest> pending = store.pending();
                for (StoredRequest r : pending) {
                    String flags = r.request().routine() ? "routine"
                            : r.request().flags().stream().map(f -> f.rule()).collect(Collectors.joining(","));
                    out.println(r.id() + "  " + r.request().runId() + "  " + r.request().call().tool() + "  " + flags);
                }
                if (pending.isEmpty()) {
                    out.println("no pending requests");
                }
                return 0;
            } catch (LeashException e) {
                spec.commandLine().getErr().println("leash approvals list: " + e.getMessage());
                return 2;
            }
        }
    }

    /** approve and deny. */
    abstract static class Answer extends Common implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The request's id (from 'leash approvals list').")
        String id;

        @Option(names = "--reviewer", required = true, paramLabel = "NAME", description = "A reviewer of safety.approvals.reviewers;"
                + " their password or token is read from LEASH_REVIEWER_SECRET or the first line of standard input.")
        String reviewer;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required to deny; the agent is told it).")
        String reason;

        abstract boolean approve();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = approve() ? "approve" : "deny";
            LeashConfig leash;
            try {
                leash = leash();
            } catch (LeashException e) {
                err.println("leash approvals " + name + ": " + e.getMessage());
                return 2;
            }
            try (ApprovalStore store = store(leash); JsonlAuditSink audit = audit(leash)) {
                ApprovalDesk desk = desk(leash, store, audit);
                String secret = Optional.ofNullable(env.get("LEASH_REVIEWER_SECRET")).orElseGet(() -> {
                    try {
                        String line = new BufferedReader(in).readLine();
                        return line == null ? "" : line;
                    } catch (IOException e) {
                        return "";
                    }
                });
                Optional<Reviewer> who = desk.authenticate(reviewer, secret);
                if (who.isEmpty()) {
                    err.println("leash approvals " + name + ": wrong reviewer name or secret");
                    return 2;
                }
                Optional<StoredRequest> request = desk.visibleTo(who.get(), id);
                if (request.isEmpty()) {
                    err.println("leash approvals " + name + ": there is no request " + id + " that " + reviewer + " may decide");
                    return 1;
                }
                out.println(desk.store().find(id).map(r -> masker(leash).redact(r.request().describe())).orElse(""));
                ApprovalDesk.Verdict verdict = desk.decide(reviewer, id, approve(), reason, request.get().request().callHash());
                (verdict.counted() ? out : err).println("leash approvals " + name + ": " + verdict.message()
                        + (verdict.counted() ? " at " + Instant.now() + "; resume the run with: leash run --resume "
                        + request.get().request().runId() : ""));
                return verdict.counted() ? 0 : 1;
            } catch (LeashException e) {
                err.println("leash approvals " + name + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve request ID as a reviewer.")
    static final class Approve extends Answer {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Reject request ID as a reviewer, with --reason.")
    static final class Deny extends Answer {
        @Override
        boolean approve() {
            return false;
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Read a password from standard input and print its hash for safety.approvals.reviewers[].password_hash.")
    static final class HashPassword implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.length() < 8) {
                spec.commandLine().getErr().println("leash approvals hash-password: give a password of at least 8 characters"
                        + " on standard input");
                return 2;
            }
            spec.commandLine().getOut().println(Reviewer.hashPassword(line));
            return 0;
        }
    }
}

package dev.leash.cli;

import dev.leash.api.LeashException;
import dev.leash.tiers.StartupErrors;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code leash} command line. Subcommands arrive with their features; each is its own class
 * listed in {@link #SUBCOMMANDS}.
 */
@Command(name = "leash",
        mixinStandardHelpOptions = true,
        versionProvider = LeashCli.Version.class,
        description = "Leash: tool-using AI agents that cannot do more than their deployment allows.")
public final class LeashCli implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            RedteamCommand.class,
            RunCommand.class,
            ManifestCommand.class,
            AuditCommand.class,
            ApprovalsCommand.class,
            McpCommand.class,
            KillCommand.class,
            BlastRadiusCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, System.getenv(), new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Runs the command line with another environment, and with {@code in} as the terminal that
     * answers approval questions (for tests and embedding); returns the exit code.
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env,
                              java.io.Reader in) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == RunCommand.class) {
                    return type.cast(new RunCommand(env, in));
                }
                if (type == RedteamCommand.class) {
                    return type.cast(new RedteamCommand(RedteamAssemblies::product, System.console() != null, env));
                }
                if (ApprovalsCommand.Common.class.isAssignableFrom(type)) {
                    K command = defaults.create(type);
                    ((ApprovalsCommand.Common) command).env = env;
                    ((ApprovalsCommand.Common) command).in = in;
                    return command;
                }
                if (type == ManifestCommand.class) {
                    return type.cast(new ManifestCommand(ToolCatalog.standard(), env));
                }
                return defaults.create(type);
            }
        };
        return execute(args, out, err, factory);
    }

    /** Runs the command line with subcommands made by {@code factory} (tests swap in their own parts). */
    static int execute(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new LeashCli(), factory);
        // When the first argument names a subcommand, only that one is built: picocli builds the
        // model of every command it is given, and that is most of the start-up of a short command
        // such as `leash audit verify`. Anything else (help, an option, a typo) gets them all.
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(type -> type != CommandLine.HelpCommand.class && args[0].equals(type.getAnnotation(Command.class).name()))
                .findFirst().orElse(null);
        for (Class<?> type : SUBCOMMANDS) {
            if (named == null || type == named) {
                commandLine.addSubcommand(type);
            }
        }
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("leash: " + ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException && cmd.getCommandSpec().subcommands().size() > 0) {
                cmd.getErr().println("Valid subcommands: " + String.join(", ", cmd.getSubcommands().keySet()));
            }
            cmd.getErr().println("Run 'leash --help' for usage.");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            // A configuration, scenario or tool-definition error is the user's to fix: one line, exit 2.
            RuntimeException cause = ex instanceof RuntimeException r ? StartupErrors.unwrap(r) : null;
            if (cause instanceof LeashException) {
                cmd.getErr().println("leash " + cmd.getCommandName() + ": " + cause.getMessage());
                return 2;
            }
            cmd.getErr().println("leash: " + ex.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LeashCli.class.getPackage().getImplementationVersion();
            return new String[] {"leash " + (version == null ? "development build" : version),
                "Java " + System.getProperty("java.version")};
        }
    }
}

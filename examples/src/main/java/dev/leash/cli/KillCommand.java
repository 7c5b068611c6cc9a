package dev.leash.cli;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.leash.api.ConfigurationException;
import dev.leash.fleet.postgres.KillSwitch;
import dev.leash.fleet.postgres.PostgresStore;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.StoreConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leash kill (--agent NAME | --principal P | --run ID) [--reason TEXT] [--by NAME]
 * [--config FILE]}: records a stop in the deployment's shared store; every replica refuses the
 * next call of an affected run and ends it {@code TERMINATED_BY_POLICY} with an incident naming
 * who stopped it, within {@code store.refresh} (default 1 s). {@code --lift} ends the stop; {@code
 * --list} prints the active ones. Exit 0 done, 2 bad arguments or configuration (nothing ran), 1
 * the store could not be written.
 */
@Command(name = "kill",
        mixinStandardHelpOptions = true,
        description = {
            "Stops every run of an agent, of a principal, or one run, on every replica sharing the store.",
            "Replicas see the stop within store.refresh (default 1s): no call starts later than that.",
            "Needs store: { kind: postgres, ... } in the config file."})
public final class KillCommand implements Callable<Integer> {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Exactly one of these names what to stop. */
    static final class Target {
        @Option(names = "--agent", paramLabel = "NAME", description = "every run of the replicas with store.agent NAME")
        String agent;

        @Option(names = "--principal", paramLabel = "P", description = "every run on behalf of principal P")
        String principal;

        @Option(names = "--run", paramLabel = "ID", description = "the run with this id")
        String run;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why; shown in every incident the stop causes")
    String reason;

    @Option(names = "--by", paramLabel = "NAME", description = "who stops it (default: $USER)")
    String by;

    @Option(names = "--lift", description = "lift the stop of this target instead")
    boolean lift;

    @Option(names = "--list", description = "print the active stops")
    boolean list;

    @Option(names = "--config", paramLabel = "FILE", description = "the deployment's leash.yaml (default ./leash.yaml)")
    Path config = Path.of("leash.yaml");

    private final Map<String, String> env;

    public KillCommand() {
        this(System.getenv());
    }

    public KillCommand(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (target == null && !list) {
            err.println("leash kill: say what to stop: --agent NAME, --principal P or --run ID (or --list)");
            return USAGE;
        }
        StoreConfig store;
        try {
            store = LeashConfig.load(config).store();
        } catch (ConfigurationException e) {
            err.println("leash kill: " + e.getMessage());
            return USAGE;
        }
        if (store.isInProcess()) {
            err.println("leash kill: " + config + " has no shared store; the kill switch needs store: { kind: postgres,"
                    + " url: ..., user_env: ..., password_env: ... }");
            return USAGE;
        }
        String operator = by != null ? by : env.getOrDefault("USER", "");
        if (operator.isBlank() && !list) {
            err.println("leash kill: say who stops it: --by NAME (no $USER in the environment)");
            return USAGE;
        }
        String user = store.userEnv().map(env::get).orElse(null);
        String password = store.passwordEnv().map(env::get).orElse(null);
        try (HikariDataSource data = PostgresStore.dataSource(store.url().orElseThrow(), user, password)) {
            PostgresStore.migrate(data);
            KillSwitch kill = new KillSwitch(data);
            if (target != null) {
                KillSwitch.Scope scope = target.agent != null ? KillSwitch.Scope.AGENT
                        : target.principal != null ? KillSwitch.Scope.PRINCIPAL : KillSwitch.Scope.RUN;
                String name = target.agent != null ? target.agent : target.principal != null ? target.principal : target.run;
                if (lift) {
                    int lifted = kill.lift(scope, name, operator);
                    out.println(lifted == 0 ? "no active stop of " + scope.name().toLowerCase(Locale.ROOT) + " " + name
                            : "lifted " + lifted + " stop(s) of " + scope.name().toLowerCase(Locale.ROOT) + " " + name);
                } else {
                    KillSwitch.Stop stop = kill.stop(scope, name, reason, operator);
                    out.println("stop #" + stop.id() + " of " + scope.name().toLowerCase(Locale.ROOT) + " " + name + " recorded at "
                            + stop.stoppedAt() + " by " + operator + "; every replica refuses its next call within "
                            + store.refresh().toMillis() + " ms");
                }
            }
            if (list) {
                for (KillSwitch.Stop stop : kill.active()) {
                    out.println("#" + stop.id() + "\t" + stop.scope().name().toLowerCase(Locale.ROOT) + "\t" + stop.target() + "\t"
                            + stop.stoppedBy() + "\t" + stop.stoppedAt() + "\t" + stop.reason());
                }
            }
            return DONE;
        } catch (ConfigurationException e) {
            err.println("leash kill: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("leash kill: the store could not be written: " + e.getMessage());
            return FAILED;
        }
    }
}

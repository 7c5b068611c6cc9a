package dev.leash.integration;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.integration.internal.TierInjector;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.credential.Credentials;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A Leash safety tier under another framework's tool calls. It holds the tier's guarded
 * executor (impact gate, allowlists, guards, limits, approvals, audit: the same modules as
 * Leash's own loop) and the runs the calls belong to.
 *
 * <p>A framework's conversation is a Leash run: {@link #run(String)} gives the open run of a
 * conversation key (a langchain4j memory id, a Spring AI conversation id), starting it on first
 * use; {@link #end(String)} ends it. Denials count per run as on Leash's loop: past the tier's
 * threshold the run is terminated and every later call of it is refused.
 *
 * <pre>{@code
 * LeashGuard guard = LeashGuard.builder(SafetyLevel.LEVEL_2, config)
 *         .tools(tools).audit(sink).principal("alex@example.com").build();
 * Observation seen = guard.run("default").execute(call);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class LeashGuard implements AutoCloseable {

    /** The conversation key of calls that name none. */
    public static final String DEFAULT_RUN = "default";

    private final SafetyLevel level;
    private final ToolExecutor executor;
    private final TierInjector.Tier tier;
    private final AuditSink audit;
    private final String principal;
    private final Clock clock;
    private final List<ToolSpec> offered;
    private final Set<String> offeredNames;
    private final Map<String, GuardedRun> runs = new ConcurrentHashMap<>();

    private LeashGuard(Builder b) {
        this.level = b.level;
        this.audit = requireNonNull(b.audit, "audit is null: a guard needs an audit sink");
        this.principal = b.principal;
        this.clock = b.clock;
        this.tier = TierInjector.assemble(b.level, b.config, b.tools, b.audit, b.gate, b.alerts, b.credentials);
        this.executor = tier.executor();
        this.offered = executor.offeredTools();
        this.offeredNames = offered.stream().map(ToolSpec::name).collect(Collectors.toUnmodifiableSet());
    }

    /** A guard at {@code level}, configured like {@code leash.yaml} by {@code config}. */
    public static Builder builder(SafetyLevel level, LeashConfig config) {
        return new Builder(level, config);
    }

    public SafetyLevel level() {
        return level;
    }

    /** The tools the tier lets the model see (Level 1: READ tools only). */
    public List<ToolSpec> offeredTools() {
        return offered;
    }

    /** Whether the tier offers the tool {@code name} to the model. */
    public boolean offers(String name) {
        return offeredNames.contains(name);
    }

    /**
     * The open run of conversation {@code key}, started (and audited) on first use. A run started
     * here has an empty goal until {@link GuardedRun#userRequest} tells it what the user asked;
     * prefer {@link #run(String, String)} when the framework gives the user's request.
     */
    public GuardedRun run(String key) {
        return run(key, "");
    }

    /**
     * The open run of conversation {@code key} with the user's request {@code userRequest} in its
     * goal: a run started here has it as its goal, an open run adds it (see {@link
     * GuardedRun#userRequest}). Blank means the framework gave no request.
     */
    public GuardedRun run(String key, String userRequest) {
        requireNonNull(userRequest, "userRequest is null");
        String conversation = key == null || key.isBlank() ? DEFAULT_RUN : key;
        String request = userRequest.strip();
        GuardedRun[] started = new GuardedRun[1];
        GuardedRun run = runs.compute(conversation, (k, open) -> {
            if (open != null && !open.isEnded()) {
                return open;
            }
            started[0] = start(principal, k, request);
            return started[0];
        });
        if (run != started[0]) {
            run.userRequest(request);
        }
        return run;
    }

    /** Starts a run of its own, outside the conversation keys (the caller ends it by closing it). */
    public GuardedRun open(String runPrincipal, String session, String goal) {
        return start(requireNonNull(runPrincipal, "runPrincipal is null"), requireNonNull(session, "session is null"),
                requireNonNull(goal, "goal is null"));
    }

    /** Ends the run of conversation {@code key}, if one is open (audited). */
    public void end(String key) {
        GuardedRun run = runs.remove(key == null || key.isBlank() ? DEFAULT_RUN : key);
        if (run != null) {
            run.close();
        }
    }

    private GuardedRun start(String runPrincipal, String session, String goal) {
        return GuardedRun.start(executor, tier.redactor(), audit, level, runPrincipal, session, goal, offered, clock);
    }

    /** Ends every open run. */
    @Override
    public void close() {
        new ArrayList<>(runs.keySet()).forEach(this::end);
    }

    /** Assembles a {@link LeashGuard}. Not thread-safe. */
    public static final class Builder {
        private final SafetyLevel level;
        private final LeashConfig config;
        private final List<Tool> tools = new ArrayList<>();
        private AuditSink audit;
        private Optional<ApprovalGate> gate = Optional.empty();
        private Optional<AlertSink> alerts = Optional.empty();
        private Optional<Credentials> credentials = Optional.empty();
        private String principal = "unknown";
        private Clock clock = Clock.systemUTC();

        private Builder(SafetyLevel level, LeashConfig config) {
            this.level = requireNonNull(level, "level is null");
            this.config = requireNonNull(config, "config is null");
        }

        /** The tools, each with its declared impact. At least one. */
        public Builder tools(List<? extends Tool> more) {
            tools.addAll(requireNonNull(more, "more is null"));
            return this;
        }

        /** Where every decision is audited. Required. */
        public Builder audit(AuditSink sink) {
            this.audit = requireNonNull(sink, "sink is null");
            return this;
        }

        /** Replaces the gate of {@code safety.approvals}. */
        public Builder approvalGate(ApprovalGate newGate) {
            this.gate = Optional.of(requireNonNull(newGate, "newGate is null"));
            return this;
        }

        /** Replaces the level's alert sink. */
        public Builder alertSink(AlertSink sink) {
            this.alerts = Optional.of(requireNonNull(sink, "sink is null"));
            return this;
        }

        /** Credentials tools may be given, capped at the level's ceiling. */
        public Builder credentials(Credentials bound) {
            this.credentials = Optional.of(requireNonNull(bound, "bound is null"));
            return this;
        }

        /** Who the conversations' runs act for (default {@code unknown}). */
        public Builder principal(String name) {
            requireNonNull(name, "name is null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("principal is blank");
            }
            this.principal = name;
            return this;
        }

        /** The clock of the run records (default UTC). */
        public Builder clock(Clock newClock) {
            this.clock = requireNonNull(newClock, "newClock is null");
            return this;
        }

        /**
         * The guard.
         *
         * @throws ToolDefinitionException when no tool is given
         * @throws IllegalStateException when the audit sink is missing
         */
        public LeashGuard build() {
            if (audit == null) {
                throw new IllegalStateException("a guard needs an audit sink: call audit(...)");
            }
            if (tools.isEmpty()) {
                throw ToolDefinitionException.badMethod("(none)", "no tools were given to guard");
            }
            return new LeashGuard(this);
        }
    }
}

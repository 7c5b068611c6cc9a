package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Impact;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.credential.ScopedCredentials;
import java.time.Duration;
import java.util.Map;

/**
 * Chooses what to install from configuration, in one place.
 *
 * <pre>{@code
 * LeashConfig config = LeashConfig.load(Path.of("leash.yaml"));
 * LevelSelection level = LevelSelection.select(levelFlag, System.getenv(), config);
 * Injector injector = Guice.createInjector(Stage.PRODUCTION,
 *         Tiers.moduleFor(level.level(), config),
 *         new MyAgentModule());            // tools, AuditSink, PlannerFactory, LoopSettings
 * }</pre>
 */
public final class Tiers {

    /** How long a tool may run before it is interrupted and its result discarded, at every level. */
    public static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    private Tiers() {
    }

    /** The module of {@code level}. */
    public static Module moduleFor(SafetyLevel level, LeashConfig config) {
        requireNonNull(level, "level is null");
        requireNonNull(config, "config is null");
        switch (level) {
            case LEVEL_1:
                return new Level1Module(config);
            case LEVEL_2:
                return new Level2Module(config);
            default:
                return new Level3Module(config);
        }
    }

    /** Selects the level ({@link LevelSelection#select}) and returns its module. */
    public static Module moduleFor(String levelFlag, Map<String, String> env, LeashConfig config) {
        return moduleFor(LevelSelection.select(levelFlag, env, config).level(), config);
    }

    /** The highest impact whose tools the planner is offered: READ at Level 1, else all. */
    public static Impact maxOfferedImpact(SafetyLevel level) {
        return level == SafetyLevel.LEVEL_1 ? Impact.READ : Impact.IRREVERSIBLE;
    }

    /** The highest impact of credential tools can reach: READ at Level 1, else all (each call sees its own). */
    public static Impact credentialCeiling(SafetyLevel level) {
        return ScopedCredentials.ceilingAt(level);
    }

    /** The executor settings of {@code level}: denial threshold, offered tools, tool timeout. */
    public static GuardedExecutor.Settings settings(SafetyLevel level, SafetyConfig safety) {
        return new GuardedExecutor.Settings(TOOL_TIMEOUT, safety.maxDenials(level), maxOfferedImpact(level),
                level.toString());
    }
}

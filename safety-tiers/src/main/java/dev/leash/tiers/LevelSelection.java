package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.tiers.config.LeashConfig;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy-time choice of the safety level, and where it came from. The rule, in one place:
 * the {@code --level} value, then the {@code LEASH_SAFETY_LEVEL} environment variable, then
 * {@code safety.level} in the configuration file; unset means Level 1. An unknown value fails
 * with a {@link ConfigurationException} that names the source and lists 1, 2, 3.
 *
 * @param level the chosen level
 * @param source where it came from: {@code --level}, {@code LEASH_SAFETY_LEVEL}, the file, or
 *     {@code default}
 */
public record LevelSelection(SafetyLevel level, String source) {

    /** The environment variable consulted when no {@code --level} is given. */
    public static final String ENV = "LEASH_SAFETY_LEVEL";

    public LevelSelection {
        requireNonNull(level, "level is null");
        requireNonNull(source, "source is null");
    }

    /**
     * Chooses the level.
     *
     * @param flag the {@code --level} value, or null/blank when not given
     * @param env the environment (pass {@code System.getenv()} in production)
     * @param config the loaded configuration
     */
    public static LevelSelection select(String flag, Map<String, String> env, LeashConfig config) {
        requireNonNull(env, "env is null");
        requireNonNull(config, "config is null");
        if (flag != null && !flag.isBlank()) {
            return new LevelSelection(SafetyLevel.parse(flag, "--level"), "--level");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new LevelSelection(SafetyLevel.parse(fromEnv, "environment variable " + ENV), ENV);
        }
        Optional<SafetyLevel> fromFile = config.safety().level();
        if (fromFile.isPresent()) {
            return new LevelSelection(fromFile.get(), config.source().map(s -> s + " (safety.level)").orElse("safety.level"));
        }
        return new LevelSelection(SafetyLevel.LEVEL_1, "default");
    }
}

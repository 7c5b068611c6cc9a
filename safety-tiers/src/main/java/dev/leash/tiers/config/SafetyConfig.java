package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code safety} block of {@code leash.yaml} (and the {@code deployment} block of a red-team
 * scenario, which has the same keys minus {@code level}). Immutable and thread-safe.
 *
 * @param level {@code safety.level}, if set (the deploy-time selection may override it)
 * @param allow the allowlists
 * @param tools per-tool limits, by tool name
 * @param approvals the approval gate
 * @param maxDenials {@code safety.persistence.max_denials}: refusals that end a run; empty = the
 *     level's default (3, 3, 2)
 * @param secrets values that must never leave
 * @param sensitive paths and tables the Rule of Two treats as sensitive ({@code safety.sensitive})
 * @param trusted sources whose content is trusted ({@code safety.trusted}; default none)
 */
public record SafetyConfig(Optional<SafetyLevel> level, AllowConfig allow, Map<String, ToolLimits> tools,
                           ApprovalsConfig approvals, OptionalInt maxDenials, SecretsConfig secrets,
                           SensitiveConfig sensitive, TrustedConfig trusted) {

    /** A configuration that trusts no source. */
    public SafetyConfig(Optional<SafetyLevel> level, AllowConfig allow, Map<String, ToolLimits> tools,
                        ApprovalsConfig approvals, OptionalInt maxDenials, SecretsConfig secrets,
                        SensitiveConfig sensitive) {
        this(level, allow, tools, approvals, maxDenials, secrets, sensitive, TrustedConfig.none());
    }

    /** A configuration with nothing marked sensitive. */
    public SafetyConfig(Optional<SafetyLevel> level, AllowConfig allow, Map<String, ToolLimits> tools,
                        ApprovalsConfig approvals, OptionalInt maxDenials, SecretsConfig secrets) {
        this(level, allow, tools, approvals, maxDenials, secrets, SensitiveConfig.none());
    }

    public SafetyConfig {
        requireNonNull(level, "level is null");
        requireNonNull(allow, "allow is null");
        tools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tools, "tools is null")));
        requireNonNull(approvals, "approvals is null");
        requireNonNull(maxDenials, "maxDenials is null");
        maxDenials.ifPresent(n -> {
            if (n < 1) {
                throw new IllegalArgumentException("maxDenials must be at least 1: " + n);
            }
        });
        requireNonNull(secrets, "secrets is null");
        requireNonNull(sensitive, "sensitive is null");
        requireNonNull(trusted, "trusted is null");
    }

    /** Nothing configured: closed allowlists, no limits, the deny gate, the level's denial threshold. */
    public static SafetyConfig defaults() {
        return new SafetyConfig(Optional.empty(), AllowConfig.defaults(), Map.of(), ApprovalsConfig.defaults(),
                OptionalInt.empty(), SecretsConfig.none());
    }

    /** The limits of {@code tool}; {@link ToolLimits#none()} when it has none. */
    public ToolLimits limitsOf(String tool) {
        return tools.getOrDefault(tool, ToolLimits.none());
    }

    /** The denial threshold at {@code level}: {@code max_denials} if set, else the level's default. */
    public int maxDenials(SafetyLevel at) {
        return maxDenials.orElse(at.defaultMaxDenials());
    }

    public SafetyConfig withLevel(SafetyLevel newLevel) {
        return new SafetyConfig(Optional.of(newLevel), allow, tools, approvals, maxDenials, secrets, sensitive, trusted);
    }

    public SafetyConfig withAllow(AllowConfig newAllow) {
        return new SafetyConfig(level, newAllow, tools, approvals, maxDenials, secrets, sensitive, trusted);
    }

    public SafetyConfig withTool(String tool, ToolLimits limits) {
        Map<String, ToolLimits> copy = new LinkedHashMap<>(tools);
        copy.put(tool, limits);
        return new SafetyConfig(level, allow, copy, approvals, maxDenials, secrets, sensitive, trusted);
    }

    public SafetyConfig withApprovals(ApprovalsConfig newApprovals) {
        return new SafetyConfig(level, allow, tools, newApprovals, maxDenials, secrets, sensitive, trusted);
    }

    public SafetyConfig withMaxDenials(int max) {
        return new SafetyConfig(level, allow, tools, approvals, OptionalInt.of(max), secrets, sensitive, trusted);
    }

    public SafetyConfig withSecrets(SecretsConfig newSecrets) {
        return new SafetyConfig(level, allow, tools, approvals, maxDenials, newSecrets, sensitive, trusted);
    }

    public SafetyConfig withSensitive(SensitiveConfig newSensitive) {
        return new SafetyConfig(level, allow, tools, approvals, maxDenials, secrets, newSensitive, trusted);
    }

    public SafetyConfig withTrusted(TrustedConfig newTrusted) {
        return new SafetyConfig(level, allow, tools, approvals, maxDenials, secrets, sensitive, newTrusted);
    }
}

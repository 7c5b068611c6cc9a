package dev.leash.eval.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a red-team report was played with, so that a later report can be compared to it: the
 * {@code meta} object of the JSON report.
 *
 * <pre>{@code
 * "meta": { "build": { "version": "0.2.0", "commit": "f3282bc..." | null },
 *           "config_sha256": "...", "config_source": "scenario deployments" | "<file>",
 *           "library_sha256": "...", "scenarios": 56,
 *           "levels": [1, 2, 3], "reviewers": null | ["deny", "cautious"],
 *           "agent": "built-in" | "<module class>", "timestamp": "2026-12-01T23:10:00Z" }
 * }</pre>
 *
 * <p>Hashes are those of {@link Fingerprint}. {@code reviewers} lists the reviewers played in
 * place of each scenario's own, or is null when each scenario's own reviewer answered. Immutable
 * and thread-safe.
 *
 * @param build the build that played it
 * @param configSha256 the hash of the configuration the tier was played with
 * @param configSource where that configuration came from: {@link #SCENARIO_DEPLOYMENTS} or a file
 * @param librarySha256 the hash of the scenario library played
 * @param scenarios how many scenarios the library holds
 * @param levels the levels asked for
 * @param reviewers the reviewers played in place of each scenario's own; empty when none
 * @param agent the agent under test: {@link #BUILT_IN} or the Guice module's class
 * @param timestamp when the run ended
 */
public record RunMeta(BuildInfo build, String configSha256, String configSource, String librarySha256, int scenarios,
                      List<SafetyLevel> levels, List<String> reviewers, String agent, Instant timestamp) {

    /** The configuration source of the built-in agent, which takes each scenario's deployment. */
    public static final String SCENARIO_DEPLOYMENTS = "scenario deployments";
    /** The agent of {@code leash redteam} without {@code --agent-module}. */
    public static final String BUILT_IN = "built-in";

    public RunMeta {
        requireNonNull(build, "build is null");
        requireNonNull(configSha256, "configSha256 is null");
        requireNonNull(configSource, "configSource is null");
        requireNonNull(librarySha256, "librarySha256 is null");
        levels = List.copyOf(requireNonNull(levels, "levels is null"));
        reviewers = List.copyOf(requireNonNull(reviewers, "reviewers is null"));
        requireNonNull(agent, "agent is null");
        timestamp = requireNonNull(timestamp, "timestamp is null").truncatedTo(ChronoUnit.SECONDS);
    }

    /** The {@code meta} object. */
    public ObjectNode toJson() {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        ObjectNode b = meta.putObject("build");
        b.put("version", build.version());
        b.put("commit", build.commit().orElse(null));
        meta.put("config_sha256", configSha256);
        meta.put("config_source", configSource);
        meta.put("library_sha256", librarySha256);
        meta.put("scenarios", scenarios);
        var numbers = meta.putArray("levels");
        levels.forEach(l -> numbers.add(l.number()));
        if (reviewers.isEmpty()) {
            meta.putNull("reviewers");
        } else {
            reviewers.forEach(meta.putArray("reviewers")::add);
        }
        meta.put("agent", agent);
        meta.put("timestamp", timestamp.toString());
        return meta;
    }

    /**
     * Reads a {@code meta} object back.
     *
     * @return empty when {@code node} is missing or lacks a hash (a report written before reports had one)
     * @throws IllegalArgumentException naming {@code source} when a field has the wrong type
     */
    public static Optional<RunMeta> fromJson(JsonNode node, String source) {
        if (node == null || !node.isObject() || !node.path("library_sha256").isTextual()) {
            return Optional.empty();
        }
        try {
            JsonNode b = node.path("build");
            BuildInfo build = new BuildInfo(b.path("version").asText("unknown"),
                    b.path("commit").isTextual() ? Optional.of(b.path("commit").asText()) : Optional.empty());
            List<SafetyLevel> levels = new ArrayList<>();
            node.path("levels").forEach(l -> levels.add(SafetyLevel.of(l.asInt())));
            List<String> reviewers = new ArrayList<>();
            node.path("reviewers").forEach(r -> reviewers.add(r.asText()));
            Instant timestamp = node.path("timestamp").isTextual() ? Instant.parse(node.path("timestamp").asText()) : Instant.EPOCH;
            return Optional.of(new RunMeta(build, node.path("config_sha256").asText(""),
                    node.path("config_source").asText(""), node.path("library_sha256").asText(),
                    node.path("scenarios").asInt(0), levels, reviewers, node.path("agent").asText(BUILT_IN), timestamp));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": meta is not a red-team report's meta: " + e.getMessage(), e);
        }
    }
}

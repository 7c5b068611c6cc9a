package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leash.api.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A deployment's configuration, {@code leash.yaml}: the {@code safety} block and the {@code
 * model} block. Loading is strict: an unknown key or a bad value fails with a {@link
 * ConfigurationException} that names the key and the file.
 *
 * <pre>{@code
 * safety:
 *   level: 2
 *   allow:
 *     email_domains: [example.com]
 *     http_hosts: [api.example.com]
 *     paths: ["workspace/**"]
 *     tables: [orders]
 *   tools:
 *     send_email: { rate: "5/min", budget: "20/day" }
 *     issue_refund: { budget: { argument: amount, max: 500, per: day } }
 *   approvals: { gate: webhook, url: "https://review.example.com/leash", timeout: 30s }
 *   persistence: { max_denials: 3 }
 *   secrets: { env: [OPENAI_API_KEY], values: ["QS-7731-ALPHA"] }
 * model: { provider: openai, name: gpt-4o-mini, timeout: 60s, max_tokens_per_run: 50000 }
 * backends:
 *   mail: { imap: { host: imap.example.com, port: 993 }, smtp: { host: smtp.example.com, port: 465 } }
 *   files: { root: /srv/ops }
 *   database: { url: "jdbc:postgresql://db.example.com/shop" }
 * }</pre>
 *
 * <p>A top-level {@code mcp} block (MCP servers) is accepted and left to module tools-mcp, which
 * reads it strictly.
 *
 * <p>Immutable and thread-safe.
 *
 * @param safety the safety block ({@link SafetyConfig#defaults()} when absent)
 * @param model the model block ({@link ModelConfig#none()} when absent)
 * @param backends the backends block ({@link BackendsConfig#none()} when absent)
 * @param store where limits and the kill switch live ({@link StoreConfig#inProcess()} when absent)
 * @param source the file it was read from, if any
 */
public record LeashConfig(SafetyConfig safety, ModelConfig model, BackendsConfig backends, StoreConfig store,
                          Optional<String> source) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public LeashConfig {
        requireNonNull(safety, "safety is null");
        requireNonNull(model, "model is null");
        requireNonNull(backends, "backends is null");
        requireNonNull(store, "store is null");
        requireNonNull(source, "source is null");
    }

    /** A configuration without a {@code store} block: state in the process. */
    public LeashConfig(SafetyConfig safety, ModelConfig model, BackendsConfig backends, Optional<String> source) {
        this(safety, model, backends, StoreConfig.inProcess(), source);
    }

    /** A configuration without a {@code backends} block. */
    public LeashConfig(SafetyConfig safety, ModelConfig model, Optional<String> source) {
        this(safety, model, BackendsConfig.none(), source);
    }

    /** No file: Level 1 unless chosen otherwise, closed allowlists, no limits, the deny gate. */
    public static LeashConfig defaults() {
        return new LeashConfig(SafetyConfig.defaults(), ModelConfig.none(), Optional.empty());
    }

    public static LeashConfig of(SafetyConfig safety) {
        return new LeashConfig(safety, ModelConfig.none(), Optional.empty());
    }

    /**
     * Reads {@code leash.yaml}.
     *
     * @throws ConfigurationException when the file cannot be read, or names an unknown key or a bad
     *     value (the message names the key and the file)
     */
    public static LeashConfig load(Path file) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigurationException.unreadable(file.toString(), "no such file");
        } catch (IOException e) {
            throw ConfigurationException.unreadable(file.toString(), e.toString());
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code source} names it in errors. */
    public static LeashConfig parse(String yaml, String source) {
        requireNonNull(yaml, "yaml is null");
        return new ConfigParser(source).leash(tree(yaml, source));
    }

    /**
     * Reads a {@code safety} block on its own, without {@code level}: the {@code deployment} block
     * of a red-team scenario.
     *
     * @param node the block (null or missing = defaults)
     * @param key the key it sits under, for errors (e.g. {@code deployment})
     * @param source the file, for errors
     */
    public static SafetyConfig parseDeployment(JsonNode node, String key, String source) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return SafetyConfig.defaults();
        }
        return new ConfigParser(source).safety(node, key, false);
    }

    /** Reads a {@code safety} block from YAML text; {@code level} is accepted when {@code withLevel}. */
    public static SafetyConfig parseSafety(String yaml, String key, String source, boolean withLevel) {
        JsonNode tree = tree(yaml, source);
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return SafetyConfig.defaults();
        }
        return new ConfigParser(source).safety(tree, key, withLevel);
    }

    private static JsonNode tree(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw ConfigurationException.unreadable(source, "not valid YAML: " + e.getOriginalMessage());
        }
    }
}

package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The scenario's deployment: the same keys as the {@code safety} section of {@code leash.yaml},
 * without {@code level} (the runner sets it). Kept as written in {@link #safety()} so the tier's
 * own configuration reader can take it; the accessors read the parts the harness documents.
 * Immutable.
 *
 * @param safety the {@code deployment} object as written (empty when absent)
 */
public record Deployment(ObjectNode safety) {

    public Deployment {
        safety = requireNonNull(safety, "safety is null").deepCopy();
    }

    public static Deployment none() {
        return new Deployment(JsonNodeFactory.instance.objectNode());
    }

    /** A copy of the configuration as written. */
    @Override
    public ObjectNode safety() {
        return safety.deepCopy();
    }

    /** {@code allow.email_domains}; empty when not configured (closed: no domain is allowed). */
    public List<String> emailDomains() {
        return strings(safety.path("allow").path("email_domains"));
    }

    /** {@code allow.http_hosts}; empty when not configured (closed: no host is allowed). */
    public List<String> httpHosts() {
        return strings(safety.path("allow").path("http_hosts"));
    }

    /** {@code allow.paths}; empty when not configured, which means the whole root. */
    public List<String> paths() {
        return strings(safety.path("allow").path("paths"));
    }

    /** {@code persistence.max_denials}, if set. */
    public OptionalInt maxDenials() {
        JsonNode node = safety.path("persistence").path("max_denials");
        return node.isInt() ? OptionalInt.of(node.asInt()) : OptionalInt.empty();
    }

    /** {@code tools.<tool>.budget} when it is counted in an argument's units. */
    public Optional<ArgumentBudget> argumentBudget(String tool) {
        JsonNode budget = safety.path("tools").path(tool).path("budget");
        if (!budget.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ArgumentBudget(budget.path("argument").asText(), budget.path("max").asDouble(),
                budget.path("per").asText()));
    }

    /**
     * A budget counted in an argument's units, e.g. {@code { argument: amount, max: 500, per: day }}.
     *
     * @param argument the argument whose values are summed
     * @param max the most that may be spent per period
     * @param per {@code run}, {@code minute}, {@code hour} or {@code day}
     */
    public record ArgumentBudget(String argument, double max, String per) {
        public ArgumentBudget {
            requireNonNull(argument, "argument is null");
            requireNonNull(per, "per is null");
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return List.copyOf(values);
    }
}

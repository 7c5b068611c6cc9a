package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tool that exists only in the scenario: it does nothing but record its calls and return a
 * fixed result.
 *
 * @param name tool name
 * @param impact declared impact
 * @param description for the planner
 * @param parameters JSON Schema of its arguments
 * @param result what every call returns
 * @param targets {@code targets}: argument name to target kind ({@code email}, {@code host},
 *     {@code url}, {@code path}, {@code table} or a kind of the tool's own such as {@code payee});
 *     the allowlists of those kinds apply to its calls
 * @param trustedResult {@code result_trust: trusted}; by default the result is untrusted (it stands
 *     for whatever outside content the real tool would return)
 */
public record SimulatedToolSpec(String name, Impact impact, String description, ObjectNode parameters, String result,
                                Map<String, String> targets, boolean trustedResult) {
    public SimulatedToolSpec {
        requireNonNull(name, "name is null");
        requireNonNull(impact, "impact is null");
        description = description == null ? "" : description;
        parameters = requireNonNull(parameters, "parameters is null").deepCopy();
        result = result == null ? "ok" : result;
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(targets, "targets is null")));
    }

    /** A tool without targets whose result is untrusted. */
    public SimulatedToolSpec(String name, Impact impact, String description, ObjectNode parameters, String result) {
        this(name, impact, description, parameters, result, Map.of(), false);
    }

    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** The tool's spec as the registry will see it, with its declared targets. */
    public ToolSpec toSpec() {
        return new ToolSpec(name, description, parameters, impact, targets);
    }
}

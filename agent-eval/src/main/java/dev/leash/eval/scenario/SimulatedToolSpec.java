package dev.leash.eval.scenario;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolSpec;

/**
 * A tool that exists only in the scenario: it does nothing but record its calls and return a
 * fixed result.
 *
 * @param name tool name
 * @param impact declared impact
 * @param description for the planner
 * @param parameters JSON Schema of its arguments
 * @param result what every call returns
 */
public record SimulatedToolSpec(String name, Impact impact, String description, ObjectNode parameters, String result) {
    public SimulatedToolSpec {
        requireNonNull(name, "name is null");
        requireNonNull(impact, "impact is null");
        description = description == null ? "" : description;
        parameters = requireNonNull(parameters, "parameters is null").deepCopy();
        result = result == null ? "ok" : result;
    }

    @Override
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** The tool's spec as the registry will see it. */
    public ToolSpec toSpec() {
        return ToolSpec.of(name, description, parameters, impact);
    }
}

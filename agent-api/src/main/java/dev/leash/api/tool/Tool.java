package dev.leash.api.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something an agent can do. Implement {@link #spec()} and {@link #execute}; the defaults cover
 * the rest.
 *
 * <p>The executor calls the methods in this order for one call: {@link #impactOf}, {@link
 * #targets}, {@link #outbound} (all before any policy decides, so none may have side effects),
 * then {@link #execute} only if every check passed. Arguments have been validated against
 * {@link ToolSpec#parameters()} before any of them is called.
 *
 * <p>Implementations must be thread-safe: runs may execute calls of the same tool concurrently.
 */
public interface Tool {

    /** Name, description, arguments schema and declared maximum impact. */
    ToolSpec spec();

    /**
     * The impact of this particular call (SQL: SELECT is READ, DROP is IRREVERSIBLE). It may be
     * lower than {@link ToolSpec#impact()}, never higher: the executor treats a higher value as
     * the declared maximum and records the violation. Default: the declared impact.
     */
    default Impact impactOf(ToolCall call) {
        return spec().impact();
    }

    /**
     * Why {@link #impactOf} gave this call its impact, when the tool can say more than the impact
     * itself (SQL: {@code sql.function}, "CSVWRITE reads or writes files on the database host").
     * Policies put it into their decisions, so the model and a reviewer see the function or
     * clause responsible. Like {@link #impactOf}, it must have no side effects. Default: empty.
     */
    default Optional<ImpactReason> impactReason(ToolCall call) {
        return Optional.empty();
    }

    /**
     * The lowest impact a call of this tool can have. A tier offers a tool to the planner when
     * this is within what it allows (SQL: some calls are READ, so it is offered at Level 1, and
     * its DROP calls are then denied one by one). Default: the declared impact.
     */
    default Impact lowestImpact() {
        return spec().impact();
    }

    /** The recipients, hosts, paths or tables this call acts on, for allowlists. Default: none. */
    default List<Target> targets(ToolCall call) {
        return List.of();
    }

    /**
     * Everything this call would send or store: by default each argument as text. Tools that add
     * content of their own (forwarded attachments, uploaded files) add it here.
     */
    default OutboundContent outbound(ToolCall call) {
        List<OutboundContent.Part> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = call.arguments().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            parts.add(new OutboundContent.Part("argument " + field.getKey(), value.isTextual() ? value.asText() : value.toString()));
        }
        return OutboundContent.of(parts);
    }

    /**
     * Runs the call. Throwing is fine: the executor turns any exception into a structured
     * failure for the planner. Tools should honour {@link ToolContext#deadline()}; the executor
     * abandons calls that overrun their timeout.
     */
    ToolResult execute(ToolCall call, ToolContext context) throws Exception;
}

package dev.leash.guards.internal;

import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.OutboundContent;
import java.util.List;

/**
 * The decoded views of everything a call would send (each outbound part and the arguments as
 * JSON, joined), computed once per call and shared by the guards that evaluate it: they run one
 * after another on the same thread. Thread-safe: one remembered call per thread.
 */
public final class CallViews {

    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

    private CallViews() {
    }

    /** The views of all of {@code call}'s outbound content. */
    public static List<Views.View> of(ProposedCall call) {
        Object[] last = LAST.get();
        if (last != null && last[0] == call) {
            @SuppressWarnings("unchecked")
            List<Views.View> known = (List<Views.View>) last[1];
            return known;
        }
        StringBuilder all = new StringBuilder();
        java.util.Set<String> partTexts = new java.util.HashSet<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            all.append(part.text()).append('\n');
            partTexts.add(part.text());
        }
        // The arguments as JSON too (keys, numbers, values a tool's outbound leaves out), without
        // the string values that are already parts: a long body is read once, not twice.
        com.fasterxml.jackson.databind.node.ObjectNode arguments = call.call().arguments().deepCopy();
        arguments.fields().forEachRemaining(f -> {
            if (f.getValue().isTextual() && partTexts.contains(f.getValue().asText())) {
                f.setValue(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(""));
            }
        });
        all.append(arguments);
        List<Views.View> views = List.copyOf(Views.of(all.toString()));
        LAST.set(new Object[] {call, views});
        return views;
    }
}

package dev.leash.tiers.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.approval.HiddenCharacters;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Risk flag {@value #HIDDEN_TEXT}: a WRITE or IRREVERSIBLE call whose arguments or outbound
 * content hold characters that can make what a reviewer reads differ from what is sent
 * ({@link HiddenCharacters#deceptive}): bidirectional overrides and isolates (a payee or a
 * command shown in another order), Unicode tag characters (text hidden in plain sight, which a
 * model downstream reads), variation selectors in a row (bytes hidden after a visible
 * character), zero-width characters inside a word ({@code pay\u200Bpal}). It asks for approval,
 * never allows or denies; the reason names the characters and the evidence shows the text with
 * them written out. The same at every level. Stateless and thread-safe.
 */
public final class HiddenText implements Policy {

    public static final String HIDDEN_TEXT = "hidden-text";
    /** Characters of context shown on each side of the first deceptive character. */
    static final int CONTEXT = 40;

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        Map<String, Integer> found = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        read("arguments", call.call().argumentsJson(), found, evidence);
        List<String> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = call.call().argumentFields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isTextual()) {
                values.add(value.textValue());
            }
        }
        for (OutboundContent.Part part : call.outbound().parts()) {
            if (!isArgument(values, part.text())) {
                read(part.label(), part.text(), found, evidence); // what the tool adds (an attachment)
            }
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.requireApproval(HIDDEN_TEXT, call.tool() + " would send characters a reviewer cannot see: "
                + String.join(", ", HiddenCharacters.describe(found)) + ". What is shown may not be what is sent;"
                + " they are written out as \u27E8U+XXXX\u27E9 below. A human must check that this is what the principal wants.",
                evidence));
    }

    /** Whether {@code text} is a text argument, read already in the arguments' JSON (which escapes none of these characters). */
    private static boolean isArgument(List<String> values, String text) {
        for (String value : values) {
            if (value == text || value.equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static void read(String source, String text, Map<String, Integer> found, List<Evidence> evidence) {
        Map<String, Integer> here = HiddenCharacters.deceptive(text);
        if (here.isEmpty()) {
            return;
        }
        here.forEach((name, count) -> found.merge(name, count, Integer::sum));
        evidence.add(Evidence.of(source, HiddenCharacters.reveal(around(text))));
    }

    /** The text around its first deceptive character. */
    private static String around(String text) {
        int first = Math.max(0, HiddenCharacters.firstDeceptive(text));
        int from = Math.max(0, first - CONTEXT);
        int to = Math.min(text.length(), first + CONTEXT);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
    }

    @Override
    public String name() {
        return HIDDEN_TEXT;
    }
}

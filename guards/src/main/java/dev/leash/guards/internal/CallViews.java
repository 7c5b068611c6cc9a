package dev.leash.guards.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.OutboundContent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decoded views of everything a call would send, computed once per call and shared by the
 * guards that evaluate it: they run one after another on the same thread.
 *
 * <p>What is read, as one set of views (pieces found in different texts add up):
 * <ol>
 *   <li>the call as the audit record of its step writes it, {@code tool + argumentsJson}, through
 *       {@link ViewMemo}: the agent loop has just decoded that very text to redact the record, so
 *       it is not decoded again;</li>
 *   <li>every outbound part and then the arguments as JSON with the text values that are parts
 *       blanked (keys, numbers, values a tool's outbound leaves out), each followed by a newline,
 *       as one text, so that a secret split across two parts still joins up. A part longer than
 *       {@code 2 *} {@value #WINDOW} characters that the first text already holds verbatim (a text
 *       argument needing no JSON escape, or a non-text argument as JSON) is cut there to its first
 *       and last {@value #WINDOW} characters, each read joined to its neighbour, and the cut texts
 *       are read on their own. So the body of a long argument is decoded once, and whatever spans
 *       its boundaries with the parts around it is still read as today, up to {@value #WINDOW}
 *       characters into it.</li>
 * </ol>
 * A part that needs JSON escapes (a newline, a quote) is read whole in the second text: in the
 * first it appears escaped, one decoding deeper.
 *
 * <p>Thread-safe: one remembered call per thread.
 */
public final class CallViews {

    /**
     * Characters of a long argument read again at each of its ends, joined to its neighbours.
     * At least {@code LeakDetector.MAX_SHORT_TEXT} + 1 with the newline, so that a cut text of a
     * long call is not read as a short text (where two-letter tokens count as pieces).
     */
    static final int WINDOW = 512;

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
        String whole = call.call().tool() + call.call().argumentsJson();
        List<List<Views.View>> decoded = new ArrayList<>();
        decoded.add(ViewMemo.of(whole));
        for (String text : texts(call, whole)) {
            decoded.add(Views.of(text));
        }
        // The texts as written first, then what they decode to: as one text's views are ordered,
        // so a secret written plainly is reported as such.
        List<Views.View> all = new ArrayList<>();
        for (List<Views.View> views : decoded) {
            all.addAll(views.subList(0, Math.min(1, views.size())));
        }
        for (List<Views.View> views : decoded) {
            all.addAll(views.subList(Math.min(1, views.size()), views.size()));
        }
        List<Views.View> views = List.copyOf(all);
        LAST.set(new Object[] {call, views});
        return views;
    }

    /**
     * The texts read besides {@code tool + argumentsJson}: the outbound parts and the blanked
     * arguments, one text but cut at each long part the arguments hold verbatim.
     */
    static List<String> texts(ProposedCall call, String whole) {
        ObjectNode arguments = call.call().arguments(); // a copy
        Set<String> partTexts = new HashSet<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            partTexts.add(part.text());
        }
        Set<String> verbatim = new HashSet<>(); // what tool + argumentsJson holds as written
        for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                String text = value.asText();
                if (text.length() > 2 * WINDOW && partTexts.contains(text) && !needsEscape(text)
                        && whole.contains('"' + text + '"')) {
                    verbatim.add(text);
                }
                if (partTexts.contains(text)) {
                    // Already a part: a long body is read once, not twice.
                    field.setValue(JsonNodeFactory.instance.textNode(""));
                }
            } else if (value.isContainerNode() || value.isValueNode()) {
                String json = value.toString();
                if (json.length() > 2 * WINDOW && partTexts.contains(json) && whole.contains(json)) {
                    verbatim.add(json);
                }
            }
        }
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (OutboundContent.Part part : call.outbound().parts()) {
            String text = part.text();
            if (!verbatim.contains(text)) {
                current.append(text).append('\n');
                continue;
            }
            if (current.length() > 0) {
                current.append(text, 0, headEnd(text));
                texts.add(current.toString());
            }
            current = new StringBuilder(WINDOW + 64).append(text, tailStart(text), text.length()).append('\n');
        }
        current.append(arguments);
        texts.add(current.toString());
        return texts;
    }

    /** Whether Jackson writes {@code text} other than as itself between quotes. */
    static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static int headEnd(String text) {
        int end = WINDOW;
        return Character.isHighSurrogate(text.charAt(end - 1)) ? end + 1 : end;
    }

    private static int tailStart(String text) {
        int start = text.length() - WINDOW;
        return Character.isLowSurrogate(text.charAt(start)) ? start - 1 : start;
    }
}

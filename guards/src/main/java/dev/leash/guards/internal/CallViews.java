package dev.leash.guards.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The decoded views of everything a call would send, computed once per call and shared by the
 * guards that evaluate it: they run one after another on the same thread.
 *
 * <p>What is read, as one set of views (pieces found in different texts add up):
 * <ol>
 *   <li>the call as the audit record of its step writes it, {@code tool + argumentsJson}, through
 *       {@link ViewMemo}: the agent loop has just decoded that very text to redact the record, so
 *       it is not decoded again. It holds every key, number and value of the arguments, each
 *       next to its key;</li>
 *   <li>the outbound parts, joined by newlines, so that a secret split across two parts (a
 *       subject and a body, a body and an attachment) still joins up, and, when no part is long,
 *       the arguments as JSON with the values that are parts blanked, as before. A part longer than
 *       {@code 2 *} {@value #WINDOW} characters that the first text holds verbatim (a text
 *       argument that JSON writes without escapes, or a non-text argument as JSON) is read here
 *       only at its ends, its first and last {@value #WINDOW} characters each joined to the part
 *       next to it; a call whose only part the first text holds verbatim reads nothing more. So
 *       the body of a long argument is decoded once, and whatever spans its boundaries with other
 *       parts is read up to {@value #WINDOW} characters into it.</li>
 * </ol>
 * A long text argument that JSON escapes (a newline, a quote) is held by the first text too,
 * with its escapes undone: that view of it is read as deep as the text itself ({@link Views#of}),
 * so such a part is read as one held verbatim. A shorter one is read whole in the second text,
 * and so is a part the tool adds (an attachment).
 *
 * <p>Thread-safe: one remembered call per thread.
 */
public final class CallViews {

    /**
     * Characters of a long argument read again at each of its ends, joined to the part next to
     * it: more than {@code LeakDetector.MAX_SHORT_TEXT} with the newline, so that such a text is
     * not read as a short text (where tokens of two letters count as pieces).
     */
    static final int WINDOW = 512;

    /**
     * Above this length a text argument that needs no escape is taken to be in
     * {@code argumentsJson} as written without searching for it: that text is the arguments
     * node's own JSON, and Jackson escapes only control characters, quotes and backslashes
     * (checked by a test on every character). Searching a megabyte for itself cost as much as a
     * guard.
     */
    static final int VERBATIM_BY_CONSTRUCTION = 4 * WINDOW;

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
        List<Views.View> wholeViews = ViewMemo.of(whole);
        List<List<Views.View>> decoded = new ArrayList<>();
        for (String text : texts(call, whole, unescaped(wholeViews))) {
            decoded.add(Views.of(text));
        }
        decoded.add(wholeViews);
        // The texts as written first, then what they decode to, as the views of one text come:
        // a secret written plainly is reported as such. The parts come first, as they always
        // were (a call without a long argument reads them as before).
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
     * The texts read besides {@code tool + argumentsJson}: nothing when the only part is held
     * there verbatim; the parts and the blanked arguments, as one text, when no part is long; else
     * the outbound parts, joined by newlines (a secret split across two of them joins up), each
     * long part held verbatim cut to its ends where it meets another part (the arguments are all
     * in {@code whole}, each value next to its key).
     */
    static List<String> texts(ProposedCall call, String whole) {
        return texts(call, whole, false);
    }

    /**
     * The same, where {@code unescaped} says that the views of {@code whole} hold it with its
     * escapes undone ({@link #unescaped}): then a long text argument that JSON escapes is held
     * there as itself too.
     */
    static List<String> texts(ProposedCall call, String whole, boolean unescaped) {
        List<OutboundContent.Part> parts = call.outbound().parts();
        List<String> verbatim = verbatim(call, whole, unescaped);
        if (parts.size() == 1 && holds(verbatim, parts.get(0).text())) {
            return List.of();
        }
        if (!anyLongVerbatim(parts, verbatim)) {
            return List.of(partsAndArguments(call));
        }
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean onlyATail = false; // current holds just the end of a long part: read only if a part follows
        for (OutboundContent.Part part : parts) {
            String text = part.text();
            boolean first = current.length() == 0 && texts.isEmpty();
            if (!first) {
                current.append('\n');
            }
            if (text.length() <= 2 * WINDOW || !holds(verbatim, text)) {
                current.append(text);
                onlyATail = false;
                continue;
            }
            if (!first) {
                texts.add(current.append(text, 0, headEnd(text)).toString());
            }
            current = new StringBuilder(2 * WINDOW).append(text, tailStart(text), text.length());
            onlyATail = true;
        }
        if (!onlyATail && current.length() > 0) {
            texts.add(current.toString());
        }
        return texts;
    }

    /** Whether a part longer than {@code 2 *} {@value #WINDOW} characters is held verbatim. */
    private static boolean anyLongVerbatim(List<OutboundContent.Part> parts, List<String> verbatim) {
        for (OutboundContent.Part part : parts) {
            if (part.text().length() > 2 * WINDOW && holds(verbatim, part.text())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every part, then the arguments as JSON with the text values that are parts blanked (keys,
     * numbers, values the tool's outbound leaves out), each followed by a newline: what a call
     * without a long argument reads besides {@code tool + argumentsJson}.
     */
    private static String partsAndArguments(ProposedCall call) {
        StringBuilder all = new StringBuilder();
        List<String> partTexts = new ArrayList<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            all.append(part.text()).append('\n');
            partTexts.add(part.text());
        }
        ObjectNode arguments = call.call().arguments(); // a copy
        arguments.fields().forEachRemaining(f -> {
            if (f.getValue().isTextual() && holds(partTexts, f.getValue().asText())) {
                f.setValue(JsonNodeFactory.instance.textNode(""));
            }
        });
        return all.append(arguments).toString();
    }

    /**
     * The parts' texts that {@code whole} holds as written: a text argument that JSON writes
     * without escapes, between its quotes, or a non-text argument as JSON.
     */
    private static List<String> verbatim(ProposedCall call, String whole, boolean unescaped) {
        List<String> partTexts = new ArrayList<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            partTexts.add(part.text());
        }
        List<String> verbatim = new ArrayList<>();
        // No text of the call needed an escape (known from writing whole): then every text
        // argument is in whole as itself between quotes, by construction, and none is read again.
        boolean noEscapes = call.call().argumentsJsonVerbatim();
        for (Iterator<Map.Entry<String, JsonNode>> it = call.call().argumentFields(); it.hasNext(); ) {
            JsonNode value = it.next().getValue();
            if (value.isTextual()) {
                String text = value.asText();
                if (holds(partTexts, text) && (noEscapes || !needsEscape(text) && (text.length() > VERBATIM_BY_CONSTRUCTION
                        || whole.contains('"' + text + '"')) || unescaped && text.length() > 2 * WINDOW)) {
                    verbatim.add(text);
                }
            } else {
                String json = value.toString();
                if (holds(partTexts, json) && whole.contains(json)) {
                    verbatim.add(json);
                }
            }
        }
        return verbatim;
    }

    /**
     * Whether the views of a call's {@code tool + argumentsJson} hold it with its backslash
     * escapes undone, which is the arguments' JSON with every text argument as itself (Jackson's
     * escapes undone, checked by a test on every character), whole or as the parts where it
     * differs from the JSON as written (the rest is that JSON, read as the first view): the
     * decoding {@link Views} reads as deep as the text itself. A long text argument that JSON
     * escapes (a letter's line breaks, an attachment's) is then read there, not decoded again on
     * its own.
     */
    static boolean unescaped(List<Views.View> wholeViews) {
        for (Views.View view : wholeViews) {
            if (view.how().equals("escapes")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code texts} holds {@code text}: compared as they are, not hashed, since a long
     * argument's text is usually the very string of its part, and hashing a megabyte cost as much
     * as a guard.
     */
    private static boolean holds(List<String> texts, String text) {
        for (String t : texts) {
            if (t == text || t.equals(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Jackson writes {@code text} other than as itself between quotes: whether it holds a
     * control character, a quote or a backslash.
     */
    static boolean needsEscape(String text) {
        return !ToolCall.writtenAsItself(text);
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

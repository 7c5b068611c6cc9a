package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.guards.LeakDetector;
import dev.leash.guards.SecretRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the guards read of a call, and that the audit record's decoding of it is reused. */
class CallViewsTest {

    static final String PROSE = "We shipped the release and the incident review is booked for Thursday. ".repeat(40);

    @AfterEach
    void forget() {
        ViewMemo.clear();
    }

    @Test
    void theCallAsItsStepIsAuditedIsNotDecodedAgainByTheGuards() {
        ProposedCall call = note("Weekly summary", PROSE);
        String audited = "save_note" + call.call().argumentsJson(); // what the step's audit record redacts
        new LeakDetector(new SecretRegistry().addValue("QS-7731-ALPHA")).scan(audited);
        List<Views.View> decodedForTheAudit = ViewMemo.of(audited);

        List<Views.View> read = CallViews.of(call);

        assertThat(read).usingElementComparator((a, b) -> a == b ? 0 : 1).containsAll(decodedForTheAudit);
        assertThat(CallViews.texts(call, audited)).noneMatch(text -> text.contains(PROSE));
    }

    @Test
    void aLongArgumentIsReadAgainOnlyWhereItMeetsAnotherPart() {
        ProposedCall call = note("Weekly summary", PROSE);

        List<String> texts = CallViews.texts(call, "save_note" + call.call().argumentsJson());

        assertThat(texts).containsExactly("Weekly summary\n" + PROSE.substring(0, CallViews.WINDOW));
    }

    @Test
    void aCallWhoseOnlyPartIsItsArgumentAsWrittenReadsNothingMore() {
        ProposedCall call = call(JsonNodeFactory.instance.objectNode().put("query", "order 7"));

        assertThat(CallViews.texts(call, "save_note" + call.call().argumentsJson())).isEmpty();
        assertThat(CallViews.of(call)).isEqualTo(Views.of("save_note" + call.call().argumentsJson()));
    }

    @Test
    void aShortCallIsReadAsOneTextOfItsPartsAndItsArguments() {
        ProposedCall call = note("Weekly summary", "Shipped. Review on Thursday.");

        assertThat(CallViews.texts(call, "save_note" + call.call().argumentsJson()))
                .containsExactly("Weekly summary\nShipped. Review on Thursday.\n{\"title\":\"\",\"body\":\"\"}");
    }

    @Test
    void aLongArgumentThatJsonEscapesIsReadWholeWhereTheArgumentsAreNotReadUnescaped() {
        String lines = PROSE.replace(". ", ".\n");
        ProposedCall call = note("Weekly summary", lines);

        assertThat(CallViews.texts(call, "save_note" + call.call().argumentsJson(), false))
                .containsExactly("Weekly summary\n" + lines + "\n{\"title\":\"\",\"body\":\"\"}");
    }

    @Test
    void aLongArgumentThatJsonEscapesIsReadInTheArgumentsUnescapedAndAgainOnlyWhereItMeetsAnotherPart() {
        String lines = PROSE.replace(". ", ".\n");
        ProposedCall call = note("Weekly summary", lines);
        String whole = "save_note" + call.call().argumentsJson();

        assertThat(CallViews.unescaped(ViewMemo.of(whole))).isTrue();
        assertThat(CallViews.texts(call, whole, true)).containsExactly("Weekly summary\n" + lines.substring(0, CallViews.WINDOW));
        assertThat(CallViews.of(call)).anySatisfy(view -> {
            assertThat(view.how()).isEqualTo("escapes");
            assertThat(view.text()).contains(lines);
        });
    }

    @Test
    void everyTextArgumentIsInTheArgumentsJsonWithItsEscapesUndone() {
        // CallViews takes this on trust for long arguments that JSON escapes
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\ud83d\ude00 \\x41 \\u0041 \\101 \\n \\\\ \\\" \\u{41} \\");
        java.util.Random random = new java.util.Random(3);
        String odd = "\\\"\n\r\t\b\f\u0000\u001fxu0{}7";
        for (int t = 0; t < 200; t++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(60); k > 0; k--) {
                text.append(odd.charAt(random.nextInt(odd.length())));
            }
            String body = t == 0 ? all.toString() : text.toString();
            ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("title", "t").put("body", body);
            String json = ToolCall.of("save_note", arguments).argumentsJson();
            assertThat(Views.backslashEscapes("save_note" + json)).as("round %d", t).contains(body);
        }
    }

    @Test
    void aPartTheToolAddsIsReadWhole() {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("title", "t").put("body", PROSE);
        String minutes = "Minutes. " + PROSE;
        ProposedCall call = call(arguments, new OutboundContent.Part("attachment a.txt", minutes));

        List<String> texts = CallViews.texts(call, "save_note" + call.call().argumentsJson());

        assertThat(texts).containsExactly("t\n" + PROSE.substring(0, CallViews.WINDOW),
                PROSE.substring(PROSE.length() - CallViews.WINDOW) + "\n" + minutes);
    }

    @Test
    void aCutTextIsNeverReadAsAShortText() {
        assertThat(CallViews.WINDOW + 1).isGreaterThan(LeakDetector.MAX_SHORT_TEXT);
    }

    @Test
    void aTextArgumentThatNeedsNoEscapeIsInTheArgumentsJsonAsWritten() {
        // CallViews takes this on trust for long arguments: every character but control
        // characters, quotes and backslashes is written by the arguments' JSON as itself.
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\ud83d\ude00 \ud800 lone \udfff lone \u2028\u2029");
        for (String text : new String[] {all.toString(), "x".repeat(CallViews.VERBATIM_BY_CONSTRUCTION + 1) + all}) {
            assertThat(CallViews.needsEscape(text)).isFalse();
            ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("title", "t").put("body", text);
            String json = ToolCall.of("save_note", arguments).argumentsJson();
            assertThat(json).contains('"' + text + '"');
        }
        assertThat(CallViews.needsEscape("a\nb")).isTrue();
        assertThat(CallViews.needsEscape("say \"hi\"")).isTrue();
        assertThat(CallViews.needsEscape("C:\\temp")).isTrue();
    }

    @Test
    void findsWhatNeedsAnEscapeAsTheCharacterByCharacterTestDid() {
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String one = String.valueOf(c);
            assertThat(CallViews.needsEscape(one)).as("U+%04X", (int) c).isEqualTo(needsEscapeBefore(one));
        }
        java.util.Random random = new java.util.Random(17);
        String odd = "\n\"\\\u0000\u001f\u007f\u0080\u00a0\u2028\ud83d\ude00\uffff";
        for (int t = 0; t < 300; t++) {
            // across the blocks the test reads: one odd character, or none, anywhere in a long text
            StringBuilder text = new StringBuilder("x".repeat(random.nextInt(3 * 4096 + 10)));
            if (random.nextBoolean()) {
                text.insert(random.nextInt(text.length() + 1), odd.charAt(random.nextInt(odd.length())));
            }
            assertThat(CallViews.needsEscape(text.toString())).isEqualTo(needsEscapeBefore(text.toString()));
        }
    }

    /** TEST ORACLE: {@code CallViews.needsEscape} as it was, one character at a time. */
    static boolean needsEscapeBefore(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    static ProposedCall note(String title, String body) {
        return call(JsonNodeFactory.instance.objectNode().put("title", title).put("body", body));
    }

    /** A save_note call whose outbound content is each argument as text (the Tool default), plus extra parts. */
    static ProposedCall call(ObjectNode arguments, OutboundContent.Part... extra) {
        List<OutboundContent.Part> parts = new ArrayList<>();
        arguments.fields().forEachRemaining(f -> parts.add(new OutboundContent.Part("argument " + f.getKey(),
                f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString())));
        parts.addAll(List.of(extra));
        return new ProposedCall(ToolCall.of("save_note", arguments), ToolSpec.of("save_note", "Saves a note", Impact.WRITE),
                Impact.WRITE, List.of(), OutboundContent.of(parts), new Run());
    }

    static final class Run implements RunContext {
        @Override public String runId() { return "run-test"; }
        @Override public String principal() { return "alex@novastar.example"; }
        @Override public String session() { return "session-test"; }
        @Override public String goal() { return "file the notes"; }
        @Override public SafetyLevel level() { return SafetyLevel.LEVEL_2; }
        @Override public Instant deadline() { return Instant.now().plusSeconds(600); }
        @Override public List<Observation> observations() { return List.of(); }
        @Override public int denials() { return 0; }
        @Override public int recordDenial() { return 1; }
        @Override public void recordApproval(boolean granted) { }
        @Override public int approvalsRequested() { return 0; }
        @Override public int approvalsGranted() { return 0; }
        @Override public void terminate(String rule, String reason) { }
        @Override public Optional<Termination> termination() { return Optional.empty(); }
    }
}

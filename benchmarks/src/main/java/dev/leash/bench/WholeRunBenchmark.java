package dev.leash.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Step;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.plan.ScriptedPlanner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whole runs in one JVM: each invocation plays {@value #RUNS} scripted runs of 10 steps (9 tool
 * calls, alternating a READ lookup and a 2 KB WRITE note, then the answer; the notes differ from
 * step to step and from run to run, over {@value #SCRIPTS} scripts) through one agent
 * under the real Level 2 tier, against langchain4j AiServices doing the same tool calls with a
 * scripted {@code ChatModel}. The score is the time per run. After each iteration the heap is
 * measured after a full GC and printed with what it grew by per finished run (nothing should be
 * retained by a finished run).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar WholeRunBenchmark -f 1 -wi 1 -i 3 -bm ss</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WholeRunBenchmark {

    static final int RUNS = 10_000;
    static final int CALLS = 9;
    /** Distinct scripts played in turn, each with notes of its own. */
    static final int SCRIPTS = 64;

    /** The langchain4j service. */
    interface Assistant {
        String chat(String message);
    }

    private AgentLoop leash;
    private Assistant langchain4j;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long baseline;
    private long finished;

    @Setup(Level.Trial)
    public void setUp() {
        String[][] notes = new String[SCRIPTS][CALLS];
        List<List<Step>> scripts = new ArrayList<>();
        for (int s = 0; s < SCRIPTS; s++) {
            List<Step> script = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                notes[s][i] = note(s, i);
                script.add(Step.call(i % 2 == 0
                        ? Fixtures.parse("call-" + i, "lookup", "{\"query\":\"order " + i + "\"}")
                        : Fixtures.parse("call-" + i, "save_note", notes[s][i])));
            }
            script.add(Step.finish("done"));
            scripts.add(List.copyOf(script));
        }
        int[] next = {0};
        leash = Fixtures.agent(SafetyLevel.LEVEL_2, Fixtures.secrets(3), AuditSink.discarding(),
                request -> new ScriptedPlanner(scripts.get(next[0]++ % SCRIPTS)));
        RunResult check = leash.run(RunRequest.of("file the notes", "alex@novastar.example"));
        if (check.outcome() != Outcome.COMPLETED || check.counts().executedCalls() != CALLS) {
            throw new IllegalStateException("the scripted run did not complete every call: " + check);
        }
        langchain4j = AiServices.builder(Assistant.class)
                .chatModel(new ScriptedChatModel(notes))
                .tools(new Fixtures.Langchain4jTools())
                .build();
        if (!"done".equals(langchain4j.chat("file the notes"))) {
            throw new IllegalStateException("the scripted langchain4j run did not finish");
        }
        baseline = heapAfterGc();
    }

    /**
     * The 2 KB note of step {@code step} of script {@code script}: each note of the
     * {@value #SCRIPTS} scripts differs (title and first words), as the notes of real runs do, so
     * that nothing remembered from an earlier step or run stands in for reading this one.
     */
    static String note(int script, int step) {
        com.fasterxml.jackson.databind.node.ObjectNode note = (com.fasterxml.jackson.databind.node.ObjectNode)
                Fixtures.parse("n", "save_note", Fixtures.noteJson(2048)).arguments();
        String body = note.get("body").asText();
        String label = "Note " + script + "." + step + ": ";
        note.put("title", "Weekly summary " + script + "." + step);
        note.put("body", label + body.substring(0, body.length() - label.length()));
        return note.toString();
    }

    @Benchmark
    @OperationsPerInvocation(RUNS)
    public int leashRuns() {
        int executed = 0;
        for (int i = 0; i < RUNS; i++) {
            executed += leash.run(RunRequest.of("file the notes", "alex@novastar.example")).counts().executedCalls();
        }
        finished += RUNS;
        return executed;
    }

    @Benchmark
    @OperationsPerInvocation(RUNS)
    public int langchain4jRuns() {
        int length = 0;
        for (int i = 0; i < RUNS; i++) {
            length += langchain4j.chat("file the notes").length();
        }
        finished += RUNS;
        return length;
    }

    @TearDown(Level.Iteration)
    public void heap() {
        long after = heapAfterGc();
        System.out.printf("%n[heap after GC] %.1f MB (baseline %.1f MB), %d runs finished, %.1f bytes retained per run%n",
                after / 1e6, baseline / 1e6, finished, finished == 0 ? 0.0 : (after - baseline) / (double) finished);
    }

    private long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Proposes the 9 calls one by one, then answers; reads how far the run is from the messages,
     * and plays the notes of the next script on each new run.
     */
    static final class ScriptedChatModel implements ChatModel {
        private final String[][] notes;
        private int run = -1;

        ScriptedChatModel(String[][] notes) {
            this.notes = notes;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            int done = 0;
            for (ChatMessage message : request.messages()) {
                if (message instanceof ToolExecutionResultMessage) {
                    done++;
                }
            }
            if (done == 0) {
                run++;
            }
            AiMessage answer = done >= CALLS
                    ? AiMessage.from("done")
                    : AiMessage.from(ToolExecutionRequest.builder().id("call-" + done)
                            .name(done % 2 == 0 ? "lookup" : "saveNote")
                            .arguments(done % 2 == 0 ? "{\"query\":\"order " + done + "\"}" : notes[run % SCRIPTS][done])
                            .build());
            return ChatResponse.builder().aiMessage(answer).build();
        }
    }
}

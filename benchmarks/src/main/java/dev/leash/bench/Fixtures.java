package dev.leash.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * What the benchmarks share: the same two tools for Leash and for langchain4j (a READ lookup and a
 * WRITE note that do nothing), a real tier assembled by Guice as a deployment does, untrusted
 * observations and arguments of a given size, and secrets.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("quarterly report supplier invoice meeting schedule customer order shipment"
            + " delay budget review forecast team release incident postmortem roadmap contract renewal pricing").split(" ");

    private Fixtures() {
    }

    /** A READ tool that does nothing. */
    static final class Lookup implements dev.leash.api.tool.Tool {
        // Built once, as the standard tools do: a spec built on every call would be measured too.
        private static final ToolSpec SPEC;

        static {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
            schema.putObject("properties").putObject("query").put("type", "string");
            schema.putArray("required").add("query");
            SPEC = ToolSpec.of("lookup", "Looks something up", schema, Impact.READ);
        }

        @Override
        public ToolSpec spec() {
            return SPEC;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted("found");
        }
    }

    /** A WRITE tool that does nothing. */
    static final class Note implements dev.leash.api.tool.Tool {
        private static final ToolSpec SPEC;

        static {
            ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
            ObjectNode properties = schema.putObject("properties");
            properties.putObject("title").put("type", "string");
            properties.putObject("body").put("type", "string");
            schema.putArray("required").add("title").add("body");
            SPEC = ToolSpec.of("save_note", "Saves a note", schema, Impact.WRITE);
        }

        @Override
        public ToolSpec spec() {
            return SPEC;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted("saved");
        }
    }

    /** The same two tools as langchain4j {@code @Tool} methods. */
    public static final class Langchain4jTools {
        @Tool("Looks something up")
        public String lookup(@P("query") String query) {
            return "found";
        }

        @Tool("Saves a note")
        public String saveNote(@P("title") String title, @P("body") String body) {
            return "saved";
        }
    }

    /** langchain4j's executor for one of {@link Langchain4jTools}' methods. */
    static DefaultToolExecutor langchain4j(String method) {
        for (Method m : Langchain4jTools.class.getMethods()) {
            if (m.getName().equals(method)) {
                return new DefaultToolExecutor(new Langchain4jTools(), m);
            }
        }
        throw new IllegalArgumentException(method);
    }

    static ToolExecutionRequest request(String name, String argumentsJson) {
        return ToolExecutionRequest.builder().id("call-1").name(name).arguments(argumentsJson).build();
    }

    /** {@code count} secrets of the shapes deployments register (API keys, passwords). */
    static List<String> secrets(int count) {
        Random random = new Random(7);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            secrets.add("sk-live-" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + "-" + i);
        }
        return secrets;
    }

    static LeashConfig config(List<String> secrets) {
        StringBuilder yaml = new StringBuilder("safety:\n  secrets:\n    values:\n");
        for (String secret : secrets) {
            yaml.append("      - \"").append(secret).append("\"\n");
        }
        return LeashConfig.parse(yaml.toString(), "bench.yaml");
    }

    /** The tier's executor as Guice assembles it for a deployment. */
    static ToolExecutor tier(SafetyLevel level, List<String> secrets, AuditSink audit) {
        return injector(level, secrets, audit, null).getInstance(ToolExecutor.class);
    }

    /** A whole agent under the tier, with a planner. */
    static AgentLoop agent(SafetyLevel level, List<String> secrets, AuditSink audit, PlannerFactory planners) {
        return injector(level, secrets, audit, planners).getInstance(AgentLoop.class);
    }

    private static Injector injector(SafetyLevel level, List<String> secrets, AuditSink audit, PlannerFactory planners) {
        return Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(level, config(secrets)), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).add(new Lookup()).add(new Note());
                bind(AuditSink.class).toInstance(audit);
                if (planners != null) {
                    bind(PlannerFactory.class).toInstance(planners);
                    bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                    bind(AgentLoop.class);
                }
            }
        });
    }

    /** Text of about {@code bytes} bytes, words from ordinary mail. */
    static String text(int bytes, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(bytes + 16);
        while (text.length() < bytes) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        text.setLength(bytes);
        return text.toString();
    }

    /** A run that has read {@code count} untrusted mails of {@code bytes} bytes each. */
    static DefaultRunContext run(SafetyLevel level, int count, int bytes) {
        DefaultRunContext run = new DefaultRunContext("run-" + UUID.randomUUID(), "alex@novastar.example", "bench",
                "bench", level, java.time.Instant.now().plusSeconds(365L * 24 * 3600));
        for (int i = 0; i < count; i++) {
            run.observe(Observation.ok(ToolCall.of("read_email", null), text(bytes, i),
                    Provenance.untrusted("mail m" + i + " from someone" + i + "@outside.example")));
        }
        return run;
    }

    /**
     * {@code count} arguments like {@code json} (a note's: a title and a body), each with a title
     * of its own and, but for MIME base64, a body that starts with its own words, the same length:
     * the calls of a run differ, and a benchmark that sent the very same text every call would
     * measure what the guards remember of the text they read last (the views, the scans and the
     * redaction of a call's text, shared by its audit record and its guards), not what reading a
     * call costs. Enough of them that no call finds its text there: 64, or 4 above 64 KiB (no more
     * than one long text is remembered).
     */
    static String[] variants(String json) {
        ObjectNode base = (ObjectNode) parse("save_note", json).arguments();
        String title = base.get("title").asText();
        String body = base.get("body").asText();
        boolean attachment = title.endsWith(".pdf");
        int count = json.length() > 1 << 16 ? 4 : 64;
        String[] variants = new String[count];
        for (int k = 0; k < count; k++) {
            String label = "Note " + k + ": ";
            String text = attachment || body.length() <= label.length() ? body
                    : label + body.substring(0, body.length() - label.length());
            variants[k] = JSON.createObjectNode().put("title", title + " " + k).put("body", text).toString();
        }
        return variants;
    }

    /**
     * The arguments of a note whose body has {@code bytes} bytes, as the model would send them: the
     * principal's own words, which copy nothing from the untrusted observations (so the taint guard
     * allows the call and the benchmark measures the allowed path).
     */
    static String noteJson(int bytes) {
        StringBuilder body = new StringBuilder(bytes + 80);
        while (body.length() < bytes) {
            body.append("We shipped the release and the incident review is booked for Thursday. ");
        }
        body.setLength(bytes);
        return JSON.createObjectNode().put("title", "Weekly summary").put("body", body.toString()).toString();
    }

    /**
     * The arguments of a note whose body has {@code bytes} bytes of the same prose in paragraphs,
     * as a letter or a mail is written: a blank line after every fifth sentence, so that JSON
     * writes the body with escapes.
     */
    static String letterJson(int bytes) {
        StringBuilder body = new StringBuilder(bytes + 80);
        for (int sentence = 1; body.length() < bytes; sentence++) {
            body.append("We shipped the release and the incident review is booked for Thursday.");
            body.append(sentence % 5 == 0 ? "\n\n" : " ");
        }
        body.setLength(bytes);
        return JSON.createObjectNode().put("title", "Weekly summary").put("body", body.toString()).toString();
    }

    /**
     * The arguments of a note whose body is {@code bytes} characters of prose in Russian (a
     * sentence of the weekly summary, in Cyrillic, with its punctuation), every letter outside ASCII.
     */
    static String russianJson(int bytes) {
        StringBuilder body = new StringBuilder(bytes + 80);
        while (body.length() < bytes) {
            body.append("\u041c\u044b \u0432\u044b\u043f\u0443\u0441\u0442\u0438\u043b\u0438 \u0440\u0435\u043b\u0438\u0437, "
                    + "\u0438 \u0440\u0430\u0437\u0431\u043e\u0440 \u0438\u043d\u0446\u0438\u0434\u0435\u043d\u0442\u0430 "
                    + "\u043d\u0430\u0437\u043d\u0430\u0447\u0435\u043d \u043d\u0430 \u0447\u0435\u0442\u0432\u0435\u0440\u0433. ");
        }
        body.setLength(bytes);
        return JSON.createObjectNode().put("title", "Weekly summary").put("body", body.toString()).toString();
    }

    /**
     * The arguments of a note whose body is {@code bytes} characters of MIME base64 (lines of 76
     * and CRLF) of random bytes, the same for every call: an attachment as a mail carries it.
     */
    static String attachmentJson(int bytes) {
        byte[] random = new byte[bytes * 3 / 4 + 3];
        new java.util.Random(7).nextBytes(random);
        String body = java.util.Base64.getMimeEncoder().encodeToString(random);
        return JSON.createObjectNode().put("title", "report.pdf").put("body", body.substring(0, Math.min(bytes, body.length()))).toString();
    }

    /**
     * The call a model proposes: its JSON arguments parsed, with the call id the model sends (as
     * langchain4j's request carries {@code call-1}; without one an id would be generated).
     */
    static ToolCall parse(String tool, String json) {
        return parse("call-1", tool, json);
    }

    static ToolCall parse(String id, String tool, String json) {
        try {
            return ToolCall.of(id, tool, (ObjectNode) JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails the benchmark's setup when the guarded call is not allowed (it would measure a refusal). */
    static void expectOk(Observation observation, String what) {
        if (observation.status() != Observation.Status.OK) {
            throw new IllegalStateException(what + " was not allowed: " + observation.toModelText());
        }
    }
}

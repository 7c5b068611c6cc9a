package dev.leash.integration.springai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import dev.leash.integration.LeashGuard;
import dev.leash.integration.ModelCalls;
import dev.leash.integration.TargetKind;
import dev.leash.integration.ToolDeclarations;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.credential.Credentials;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.model.tool.DefaultToolCallingManager;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;
import org.springframework.ai.tool.method.MethodToolCallback;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;
import org.springframework.ai.tool.support.ToolDefinitions;
import org.springframework.util.ClassUtils;

/**
 * Spring AI tools guarded by a Leash tier. Tools come from objects with {@code @Tool} methods
 * that also carry Leash's {@code @Read}, {@code @Write} or {@code @Irreversible}, or from
 * existing {@code ToolCallback}s whose impacts are declared by name; a tool without an impact is
 * refused when the callbacks are built.
 *
 * <pre>{@code
 * LeashToolCallbacks tools = LeashToolCallbacks.builder(SafetyLevel.LEVEL_2, config)
 *         .toolObjects(new MailTools())
 *         .target("send_email", "to", TargetKind.EMAIL)
 *         .audit(sink)
 *         .build();
 * String answer = tools.chatClient(chatModel).build().prompt("...").call().content();
 * }</pre>
 *
 * <p>{@link #callbacks()} holds only the tools the tier offers (Level 1 shows the model no WRITE
 * or IRREVERSIBLE tool). Each call goes through the tier; a refusal is the tool's result, naming
 * the rule. A call of a tool the model was not offered reaches the tier through {@link
 * #resolver()} (used by {@link #toolCallingManager()}), so it is refused and audited as on
 * Leash's loop rather than failing the chat. The conversation, and so the Leash run, is the tool
 * context's {@value #CONVERSATION} entry, else Spring AI's conversation id, else {@code default}.
 * Through {@link #toolCallingManager()} (and so the {@code ChatClient} of {@link #chatClient}),
 * the prompt's user message joins the run's goal before its calls are judged.
 * Thread-safe.
 */
public final class LeashToolCallbacks implements AutoCloseable {

    /** The tool-context key naming the conversation (the Leash run) a call belongs to. */
    public static final String CONVERSATION = "leash.conversation";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeashGuard guard;
    private final List<ToolCallback> offered;
    private final Map<String, ToolCallback> all;
    private final Map<String, ToolContext> contexts;

    private LeashToolCallbacks(LeashGuard guard, List<ToolCallback> offered, Map<String, ToolCallback> all,
                               Map<String, ToolContext> contexts) {
        this.guard = guard;
        this.offered = List.copyOf(offered);
        this.all = Map.copyOf(all);
        this.contexts = contexts;
    }

    /** Tools guarded at {@code level}, configured like {@code leash.yaml} by {@code config}. */
    public static Builder builder(SafetyLevel level, LeashConfig config) {
        return new Builder(level, config);
    }

    /** The guarded callbacks of the tools the tier offers, for {@code ChatClient.toolCallbacks}. */
    public List<ToolCallback> callbacks() {
        return offered;
    }

    public List<String> offeredNames() {
        return offered.stream().map(c -> c.getToolDefinition().name()).toList();
    }

    /**
     * Resolves any tool name to a guarded callback: a tool the tier hides is refused by its
     * impact gate, an unknown name as an unknown tool; both audited and counted.
     */
    public ToolCallbackResolver resolver() {
        return name -> {
            ToolCallback known = all.get(name);
            if (known != null) {
                return known;
            }
            ToolDefinition unknown = ToolDefinition.builder().name(name).description("unknown tool")
                    .inputSchema("{\"type\":\"object\"}").build();
            return new GuardedToolCallback(unknown, ToolMetadata.builder().build(), guard, contexts);
        };
    }

    /**
     * The tool-calling manager for the chat model and the {@code ChatClient}: every call the model
     * makes reaches the tier, offered or not (the fallback is {@link #resolver()}); the model is
     * offered only what the tier offers; and a tool handed to one request without Leash is neither
     * shown to the model nor run (a call of it is refused as an unknown tool).
     */
    public ToolCallingManager toolCallingManager() {
        ToolCallbackResolver resolver = resolver();
        return new GuardedToolCallingManager(
                DefaultToolCallingManager.builder().toolCallbackResolver(resolver).resolutionFallbackEnabled(true).build(),
                resolver, guard);
    }

    /**
     * The tool-calling advisor a {@code ChatClient} runs its tool loop with, on {@link
     * #toolCallingManager()}. (The Spring Boot starter configures the auto-configured client so.)
     */
    public ToolCallingAdvisor.Builder<?> toolCallingAdvisor() {
        return ToolCallingAdvisor.builder().toolCallingManager(toolCallingManager());
    }

    /**
     * A {@code ChatClient} builder for {@code model} whose tool loop goes through the tier and
     * whose default tools are {@link #callbacks()}.
     */
    public ChatClient.Builder chatClient(ChatModel model) {
        return ChatClient.builder(model, ObservationRegistry.NOOP, null, null, toolCallingAdvisor())
                .defaultToolCallbacks(callbacks());
    }

    public LeashGuard guard() {
        return guard;
    }

    /** Ends the run of {@code conversation} (audited). */
    public void endConversation(String conversation) {
        guard.end(conversation);
    }

    @Override
    public void close() {
        guard.close();
    }

    static String conversationOf(ToolContext context) {
        return conversationOf(context == null ? null : context.getContext());
    }

    static String conversationOf(Map<String, Object> context) {
        if (context == null) {
            return LeashGuard.DEFAULT_RUN;
        }
        Object key = context.get(CONVERSATION);
        if (key == null) {
            key = context.get(ChatMemory.CONVERSATION_ID);
        }
        return key == null ? LeashGuard.DEFAULT_RUN : key.toString();
    }

    /** A Spring tool callback that puts every call through the tier. */
    static final class GuardedToolCallback implements ToolCallback {
        private final ToolDefinition definition;
        private final ToolMetadata metadata;
        private final LeashGuard guard;
        private final Map<String, ToolContext> contexts;

        GuardedToolCallback(ToolDefinition definition, ToolMetadata metadata, LeashGuard guard,
                            Map<String, ToolContext> contexts) {
            this.definition = definition;
            this.metadata = metadata;
            this.guard = guard;
            this.contexts = contexts;
        }

        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public ToolMetadata getToolMetadata() {
            return metadata;
        }

        @Override
        public String call(String toolInput) {
            return call(toolInput, null);
        }

        @Override
        public String call(String toolInput, ToolContext toolContext) {
            ToolCall call = ModelCalls.of(null, definition.name(), toolInput);
            // The tool runs on the executor's thread: it finds its Spring tool context by call id.
            if (toolContext != null) {
                contexts.put(call.id(), toolContext);
            }
            try {
                return guard.run(conversationOf(toolContext)).execute(call).toModelText();
            } finally {
                contexts.remove(call.id());
            }
        }

        @Override
        public String toString() {
            return "GuardedToolCallback[" + definition.name() + "]";
        }
    }

    /** Assembles {@link LeashToolCallbacks}. Not thread-safe. */
    public static final class Builder {
        private final LeashGuard.Builder guard;
        private final List<ToolCallback> callbacks = new ArrayList<>();
        private final Map<String, Method> methods = new LinkedHashMap<>();
        private ToolDeclarations declarations = ToolDeclarations.none();

        private Builder(SafetyLevel level, LeashConfig config) {
            this.guard = LeashGuard.builder(level, config);
        }

        /** Objects whose Spring AI {@code @Tool} methods are tools (Spring proxies are looked through). */
        public Builder toolObjects(Object... objects) {
            for (Object object : objects) {
                requireNonNull(object, "a tool object is null");
                Method[] found = ClassUtils.getUserClass(object).getMethods();
                Arrays.sort(found, Comparator.comparing(Method::getName));
                for (Method method : found) {
                    if (method.isAnnotationPresent(Tool.class)) {
                        ToolCallback callback = MethodToolCallback.builder()
                                .toolDefinition(ToolDefinitions.from(method))
                                .toolMetadata(ToolMetadata.from(method))
                                .toolMethod(method)
                                .toolObject(object)
                                .build();
                        add(callback, method);
                    }
                }
            }
            return this;
        }

        /** Existing callbacks (functions, MCP tools); declare their impacts with {@link #impact}. */
        public Builder toolCallbacks(ToolCallback... more) {
            for (ToolCallback callback : more) {
                add(requireNonNull(callback, "a callback is null"), null);
            }
            return this;
        }

        private void add(ToolCallback callback, Method method) {
            String name = callback.getToolDefinition().name();
            if (methods.containsKey(name) || callbacks.stream().anyMatch(c -> c.getToolDefinition().name().equals(name))) {
                throw ToolDefinitionException.duplicate(name, "another tool", method == null ? callback.toString()
                        : method.getDeclaringClass().getName() + "." + method.getName());
            }
            callbacks.add(callback);
            methods.put(name, method);
        }

        /** Declares the impact of a tool without an impact annotation. */
        public Builder impact(String tool, Impact impact) {
            declarations = declarations.withImpact(tool, impact);
            return this;
        }

        /** Declares that {@code argument} of {@code tool} names a target of {@code kind}. */
        public Builder target(String tool, String argument, TargetKind kind) {
            declarations = declarations.withTarget(tool, argument, kind);
            return this;
        }

        /** Declares the results of {@code tool} trusted (default: untrusted). */
        public Builder trustedResult(String tool) {
            declarations = declarations.withTrustedResult(tool);
            return this;
        }

        /** Adds declarations (configuration) to those given so far; later ones win. */
        public Builder declarations(ToolDeclarations more) {
            requireNonNull(more, "more is null");
            ToolDeclarations merged = declarations;
            for (Map.Entry<String, Impact> e : more.impacts().entrySet()) {
                merged = merged.withImpact(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Map<String, TargetKind>> e : more.targets().entrySet()) {
                for (Map.Entry<String, TargetKind> argument : e.getValue().entrySet()) {
                    merged = merged.withTarget(e.getKey(), argument.getKey(), argument.getValue());
                }
            }
            for (String tool : more.trusted()) {
                merged = merged.withTrustedResult(tool);
            }
            declarations = merged;
            return this;
        }

        public Builder audit(AuditSink sink) {
            guard.audit(sink);
            return this;
        }

        public Builder approvalGate(ApprovalGate gate) {
            guard.approvalGate(gate);
            return this;
        }

        public Builder alertSink(AlertSink sink) {
            guard.alertSink(sink);
            return this;
        }

        public Builder credentials(Credentials credentials) {
            guard.credentials(credentials);
            return this;
        }

        public Builder principal(String name) {
            guard.principal(name);
            return this;
        }

        /**
         * The guarded callbacks.
         *
         * @throws ToolDefinitionException when a tool has no impact, a declaration names an unknown
         *     tool or argument, or no tool was given
         */
        public LeashToolCallbacks build() {
            if (callbacks.isEmpty()) {
                throw ToolDefinitionException.badMethod("(none)", "no Spring AI tool was given to guard");
            }
            declarations.checkNames(methods.keySet());
            Map<String, ToolContext> contexts = new ConcurrentHashMap<>();
            List<dev.leash.api.tool.Tool> tools = new ArrayList<>();
            for (ToolCallback callback : callbacks) {
                ToolDefinition definition = callback.getToolDefinition();
                Impact impact = declarations.impactOf(definition.name(), methods.get(definition.name()));
                ToolSpec spec = ToolSpec.of(definition.name(), definition.description(), schemaOf(definition), impact);
                tools.add(declarations.tool(spec, call -> callback.call(call.argumentsJson(),
                        Optional.ofNullable(contexts.get(call.id())).orElseGet(() -> new ToolContext(Map.of())))));
            }
            LeashGuard built = guard.tools(tools).build();
            List<ToolCallback> offered = new ArrayList<>();
            Map<String, ToolCallback> all = new LinkedHashMap<>();
            for (ToolCallback callback : callbacks) {
                GuardedToolCallback guarded = new GuardedToolCallback(callback.getToolDefinition(),
                        callback.getToolMetadata(), built, contexts);
                all.put(callback.getToolDefinition().name(), guarded);
                if (built.offers(callback.getToolDefinition().name())) {
                    offered.add(guarded);
                }
            }
            return new LeashToolCallbacks(built, offered, all, contexts);
        }

        private static ObjectNode schemaOf(ToolDefinition definition) {
            try {
                JsonNode schema = JSON.readTree(definition.inputSchema());
                if (schema instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                throw ToolDefinitionException.badSchema(definition.name(), "its input schema is not JSON: " + e.getMessage());
            }
            throw ToolDefinitionException.badSchema(definition.name(), "its input schema is not a JSON object");
        }
    }
}

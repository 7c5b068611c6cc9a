package dev.leash.integration.langchain4j;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolSpec;
import dev.leash.integration.ForeignTool;
import dev.leash.integration.LeashGuard;
import dev.leash.integration.ModelCalls;
import dev.leash.integration.TargetKind;
import dev.leash.integration.ToolDeclarations;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.credential.Credentials;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code @Tool} methods of langchain4j tool objects, guarded by a Leash tier. Each method
 * also carries Leash's {@code @Read}, {@code @Write} or {@code @Irreversible} (or its impact is
 * declared with {@link Builder#impact}); one without is refused when the tools are built.
 *
 * <pre>{@code
 * LeashTools tools = LeashTools.builder(SafetyLevel.LEVEL_2, config)
 *         .tools(new MailTools())
 *         .target("send_email", "to", TargetKind.EMAIL)
 *         .audit(sink)
 *         .build();
 * Assistant assistant = AiServices.builder(Assistant.class)
 *         .chatModel(model)
 *         .tools(tools.executors())
 *         .build();
 * }</pre>
 *
 * <p>{@link #executors()} holds only the tools the tier offers (Level 1: no WRITE or
 * IRREVERSIBLE tool is shown to the model). Every call the model makes goes through the tier;
 * a refusal is returned to the model as the tool's result, naming the rule ({@code DENIED by rule
 * allowlist.email_domains: ...}). A conversation (the {@code @MemoryId}, or {@code default}) is a
 * Leash run; {@link #endConversation} ends it. The run's goal is the conversation's user messages
 * (each invocation's, from its {@code InvocationContext}), so the taint guard and the risk flags
 * judge the calls against what the user asked, as on Leash's loop. Thread-safe.
 */
public final class LeashTools implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeashGuard guard;
    private final Map<ToolSpecification, ToolExecutor> executors;

    private LeashTools(LeashGuard guard, Map<ToolSpecification, ToolExecutor> executors) {
        this.guard = guard;
        this.executors = executors;
    }

    /** Tools guarded at {@code level}, configured like {@code leash.yaml} by {@code config}. */
    public static Builder builder(SafetyLevel level, LeashConfig config) {
        return new Builder(level, config);
    }

    /** The tools for {@code AiServices.tools(Map)}: only those the tier offers, each guarded. */
    public Map<ToolSpecification, ToolExecutor> executors() {
        return executors;
    }

    /** The names of the tools the model is offered. */
    public List<String> offeredNames() {
        return executors.keySet().stream().map(ToolSpecification::name).toList();
    }

    /**
     * For {@code AiServices.hallucinatedToolNameStrategy}: a call of a tool the model was not
     * offered (hidden by the tier, or unknown) still goes through the tier, so it is refused,
     * audited and counted exactly as on Leash's loop ({@code impact-gate} or {@code unknown-tool}).
     * langchain4j gives no memory id here: the call belongs to the default conversation.
     */
    public ToolExecutionResultMessage unofferedCall(ToolExecutionRequest request) {
        return ToolExecutionResultMessage.from(request,
                guard.run(LeashGuard.DEFAULT_RUN).execute(callOf(request)).toModelText());
    }

    /** The guard: the tier and the runs of the conversations. */
    public LeashGuard guard() {
        return guard;
    }

    /** Ends the run of the conversation {@code memoryId} (audited); the next call starts a new one. */
    public void endConversation(Object memoryId) {
        guard.end(keyOf(memoryId));
    }

    /** Ends every open run. */
    @Override
    public void close() {
        guard.close();
    }

    static String keyOf(Object memoryId) {
        return memoryId == null ? LeashGuard.DEFAULT_RUN : memoryId.toString();
    }

    /** Puts one of the model's tool calls through the tier; never throws. */
    private static final class GuardedExecutor implements ToolExecutor {
        private final LeashGuard guard;

        GuardedExecutor(LeashGuard guard) {
            this.guard = guard;
        }

        /** Without an invocation context (a direct call): no user request is known, the goal stays as it is. */
        @Override
        public String execute(ToolExecutionRequest request, Object memoryId) {
            return guard.run(keyOf(memoryId)).execute(callOf(request)).toModelText();
        }

        /** AiServices calls this, with the invocation's user message: it joins the run's goal. */
        @Override
        public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
            Object memoryId = context == null ? null : context.chatMemoryId();
            String text = guard.run(keyOf(memoryId), userRequestOf(context)).execute(callOf(request)).toModelText();
            return ToolExecutionResult.builder().resultText(text).build();
        }
    }

    /**
     * The text of the invocation's user message, as AiServices hands it to the model (after its
     * templates and, when the service has a retrieval augmentor, with the retrieved content it
     * added); empty when there is none.
     */
    static String userRequestOf(InvocationContext context) {
        UserMessage message = context == null ? null : context.userMessage();
        if (message == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Content content : message.contents()) {
            if (content instanceof TextContent part) {
                text.append(text.length() == 0 ? "" : "\n").append(part.text());
            }
        }
        return text.toString();
    }

    private static ToolCall callOf(ToolExecutionRequest request) {
        return ModelCalls.of(request.id(), request.name(), request.arguments());
    }

    /** Assembles {@link LeashTools}. Not thread-safe. */
    public static final class Builder {
        private final LeashGuard.Builder guard;
        private final List<Object> objects = new ArrayList<>();
        private ToolDeclarations declarations = ToolDeclarations.none();

        private Builder(SafetyLevel level, LeashConfig config) {
            this.guard = LeashGuard.builder(level, config);
        }

        /** Objects whose {@code @Tool} methods are the agent's tools. */
        public Builder tools(Object... toolObjects) {
            for (Object object : toolObjects) {
                objects.add(requireNonNull(object, "a tool object is null"));
            }
            return this;
        }

        /** Declares the impact of a tool whose method has no impact annotation. */
        public Builder impact(String tool, Impact impact) {
            declarations = declarations.withImpact(tool, impact);
            return this;
        }

        /** Declares that {@code argument} of {@code tool} names a target of {@code kind}, for the allowlists. */
        public Builder target(String tool, String argument, TargetKind kind) {
            declarations = declarations.withTarget(tool, argument, kind);
            return this;
        }

        /** Declares the results of {@code tool} trusted (default: untrusted). */
        public Builder trustedResult(String tool) {
            declarations = declarations.withTrustedResult(tool);
            return this;
        }

        /** Replaces all declarations. */
        public Builder declarations(ToolDeclarations all) {
            declarations = requireNonNull(all, "all is null");
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

        /** Who the conversations' runs act for. */
        public Builder principal(String name) {
            guard.principal(name);
            return this;
        }

        /**
         * The guarded tools.
         *
         * @throws ToolDefinitionException when a {@code @Tool} has no impact, two tools share a
         *     name, a declaration names an unknown tool or argument, or no tool is found
         */
        public LeashTools build() {
            Map<String, ToolSpecification> specifications = new LinkedHashMap<>();
            List<ForeignTool> tools = new ArrayList<>();
            for (Object object : objects) {
                Method[] methods = object.getClass().getMethods();
                Arrays.sort(methods, Comparator.comparing(Method::getName));
                for (Method method : methods) {
                    if (!method.isAnnotationPresent(Tool.class)) {
                        continue;
                    }
                    ToolSpecification specification = ToolSpecifications.toolSpecificationFrom(method);
                    String name = specification.name();
                    if (specifications.containsKey(name)) {
                        throw ToolDefinitionException.duplicate(name, "another @Tool method", object.getClass().getName()
                                + "." + method.getName());
                    }
                    Impact impact = declarations.impactOf(name, method);
                    ToolSpec spec = ToolSpec.of(name, specification.description(), schemaOf(specification), impact);
                    DefaultToolExecutor invoker = new DefaultToolExecutor(object, method);
                    tools.add(declarations.tool(spec, call -> invoker.execute(ToolExecutionRequest.builder()
                            .id(call.id()).name(call.tool()).arguments(call.argumentsJson()).build(), null)));
                    specifications.put(name, specification);
                }
            }
            if (tools.isEmpty()) {
                throw ToolDefinitionException.badMethod("(none)", "no method of the given objects is annotated with "
                        + "langchain4j's @Tool");
            }
            declarations.checkNames(specifications.keySet());
            LeashGuard built = guard.tools(tools).build();
            GuardedExecutor executor = new GuardedExecutor(built);
            Map<ToolSpecification, ToolExecutor> offered = new LinkedHashMap<>();
            specifications.forEach((name, specification) -> {
                if (built.offers(name)) {
                    offered.put(specification, executor);
                }
            });
            return new LeashTools(built, java.util.Collections.unmodifiableMap(offered));
        }

        private static ObjectNode schemaOf(ToolSpecification specification) {
            if (specification.parameters() == null) {
                return ToolSpec.emptyObjectSchema();
            }
            return JSON.valueToTree(JsonSchemaElementUtils.toMap(specification.parameters()));
        }
    }
}

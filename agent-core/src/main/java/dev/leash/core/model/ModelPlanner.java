package dev.leash.core.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.leash.api.plan.ModelException;
import dev.leash.api.plan.Planner;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.model.internal.Conversation;
import dev.leash.core.model.internal.Retrier;
import dev.leash.core.model.internal.SchemaConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A planner backed by a langchain4j {@link ChatModel}. Each {@link #next} rebuilds the chat from
 * the {@link PlannerState} (system prompt, goal, every call and its observation: results, and
 * refusals naming the rule), offers the model exactly {@link PlannerState#tools()} (the tools
 * the tier lets it call), and turns the answer into a {@link Step}:
 *
 * <ul>
 *   <li>tool calls become {@link Step.CallTools} with the model's call ids; the text beside them
 *       is the step's thought. Arguments that are not a JSON object are passed on as {@code
 *       {"_unparseable_arguments": "<raw>"}}, which the executor rejects as {@code
 *       INVALID_ARGUMENTS}; a call of an unknown tool is passed on as named and comes back
 *       {@code UNKNOWN_TOOL} with the list of tools. Both reach the model as errors it can
 *       correct, and both count toward the tier's denial threshold.
 *   <li>text without tool calls becomes {@link Step.Finish} with that text (a refusal written as
 *       text is an answer, and the run completes with it);
 *   <li>an empty answer, or one the provider stopped for its content filter, throws {@link
 *       ModelException}: the run ends {@code MODEL_FAILED} with the reason.
 * </ul>
 *
 * <p>Requests are retried under the {@link RetryPolicy}; when a request fails for good the
 * planner throws {@link ModelException}. Token usage is added up across the run and reported by
 * {@link #usage()}. Secrets are redacted from everything the model is sent, and untrusted content
 * is delimited (see {@link Conversation}).
 *
 * <p>One instance serves one run ({@link #next} is synchronized); {@link #usage()} may be read
 * from any thread at any time.
 */
public final class ModelPlanner implements Planner {

    /** The argument that carries tool-call arguments the model wrote that are not a JSON object. */
    public static final String UNPARSEABLE_ARGUMENTS = "_unparseable_arguments";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel model;
    private final String provider;
    private final Conversation conversation;
    private final Retrier retrier;
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final AtomicLong modelCalls = new AtomicLong();

    ModelPlanner(ChatModel model, String provider, Conversation conversation, Retrier retrier) {
        this.model = requireNonNull(model, "model is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.conversation = requireNonNull(conversation, "conversation is null");
        this.retrier = requireNonNull(retrier, "retrier is null");
    }

    @Override
    public synchronized Step next(PlannerState state) {
        requireNonNull(state, "state is null");
        List<ToolSpecification> tools = SchemaConverter.toSpecifications(state.tools());
        ChatRequest.Builder request = ChatRequest.builder().messages(conversation.messages(state));
        if (!tools.isEmpty()) {
            request.toolSpecifications(tools);
        }
        ChatRequest built = request.build();
        ChatResponse response = retrier.call(() -> model.chat(built));
        modelCalls.incrementAndGet();
        record(response.tokenUsage());
        return toStep(response);
    }

    /**
     * The model's conversation is rebuilt from the turns at every step, so only the usage so far
     * needs keeping: {@code inputTokens,outputTokens,modelCalls}.
     */
    @Override
    public String checkpoint() {
        return inputTokens.get() + "," + outputTokens.get() + "," + modelCalls.get();
    }

    @Override
    public void restore(String checkpoint) {
        if (checkpoint == null || checkpoint.isBlank()) {
            return;
        }
        String[] parts = checkpoint.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("cannot restore a model planner from '" + checkpoint + "'");
        }
        inputTokens.set(Long.parseLong(parts[0].trim()));
        outputTokens.set(Long.parseLong(parts[1].trim()));
        modelCalls.set(Long.parseLong(parts[2].trim()));
    }

    @Override
    public Usage usage() {
        return new Usage(inputTokens.get(), outputTokens.get(), modelCalls.get());
    }

    private void record(TokenUsage usage) {
        if (usage == null) {
            return;
        }
        if (usage.inputTokenCount() != null) {
            inputTokens.addAndGet(usage.inputTokenCount());
        }
        if (usage.outputTokenCount() != null) {
            outputTokens.addAndGet(usage.outputTokenCount());
        }
    }

    private Step toStep(ChatResponse response) {
        AiMessage message = response.aiMessage();
        if (message == null) {
            throw new ModelException(provider, provider + " model returned no message");
        }
        String text = message.text() == null ? "" : message.text().strip();
        if (message.hasToolExecutionRequests()) {
            List<ToolCall> calls = new ArrayList<>();
            for (ToolExecutionRequest request : message.toolExecutionRequests()) {
                calls.add(toCall(request));
            }
            return new Step.CallTools(calls, text);
        }
        if (response.finishReason() == FinishReason.CONTENT_FILTER) {
            throw new ModelException(provider, provider + " model refused to answer (stopped by its content filter)"
                    + (text.isEmpty() ? "" : ": " + text));
        }
        if (text.isEmpty()) {
            throw new ModelException(provider, provider + " model returned an empty answer (no text, no tool calls"
                    + (response.finishReason() == null ? "" : ", finish reason " + response.finishReason()) + ")");
        }
        return Step.finish(text);
    }

    static ToolCall toCall(ToolExecutionRequest request) {
        String name = request.name() == null ? "" : request.name();
        String raw = request.arguments();
        ObjectNode arguments;
        if (raw == null || raw.isBlank()) {
            arguments = JsonNodeFactory.instance.objectNode();
        } else {
            arguments = parseObject(raw);
        }
        return ToolCall.of(request.id(), name, arguments);
    }

    private static ObjectNode parseObject(String raw) {
        try {
            JsonNode node = ToolCall.ARGUMENTS_MAPPER.readTree(raw);
            if (node != null && node.isObject()) {
                return (ObjectNode) node;
            }
        } catch (JsonProcessingException e) {
            // not JSON: handed on below so the executor rejects it and the model sees why
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.put(UNPARSEABLE_ARGUMENTS, raw);
        return wrapped;
    }
}

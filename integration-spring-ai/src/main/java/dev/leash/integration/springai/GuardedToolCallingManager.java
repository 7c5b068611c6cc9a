package dev.leash.integration.springai;

import dev.leash.integration.LeashGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.resolution.ToolCallbackResolver;

/**
 * The tool-calling manager of {@link LeashToolCallbacks}: Spring AI's own manager, but the model
 * is offered only the tools the tier offers, and every call runs the guarded callback of its name.
 * A tool handed to a single request without Leash ({@code ChatClient.prompt().tools(...)}) is
 * therefore never shown to the model nor run: a call of it reaches the tier as an unknown tool.
 * Before the calls run, the prompt's user message joins the goal of the conversation's run, so
 * the tier judges the calls against what the user asked, as on Leash's loop. Thread-safe.
 */
final class GuardedToolCallingManager implements ToolCallingManager {

    private final ToolCallingManager delegate;
    private final ToolCallbackResolver resolver;
    private final LeashGuard guard;

    GuardedToolCallingManager(ToolCallingManager delegate, ToolCallbackResolver resolver, LeashGuard guard) {
        this.delegate = delegate;
        this.resolver = resolver;
        this.guard = guard;
    }

    @Override
    public List<ToolDefinition> resolveToolDefinitions(ToolCallingChatOptions chatOptions) {
        return delegate.resolveToolDefinitions(chatOptions).stream().filter(d -> guard.offers(d.name())).toList();
    }

    @Override
    public ToolExecutionResult executeToolCalls(Prompt prompt, ChatResponse chatResponse) {
        if (!(prompt.getOptions() instanceof ToolCallingChatOptions options)) {
            return delegate.executeToolCalls(prompt, chatResponse);
        }
        List<ToolCallback> guarded = new ArrayList<>();
        for (ToolCallback callback : options.getToolCallbacks()) {
            guarded.add(callback instanceof LeashToolCallbacks.GuardedToolCallback
                    ? callback : resolver.resolve(callback.getToolDefinition().name()));
        }
        Map<String, Object> context = options.getToolContext();
        // The user's request joins the goal of the conversation's run before its calls are judged.
        guard.run(LeashToolCallbacks.conversationOf(context), userRequestOf(prompt));
        ToolCallingChatOptions.Builder<?> rebuilt = ToolCallingChatOptions.builder().toolCallbacks(guarded);
        if (context != null && !context.isEmpty()) {
            rebuilt.toolContext(context);
        }
        return delegate.executeToolCalls(new Prompt(prompt.getInstructions(), rebuilt.build()), chatResponse);
    }

    /**
     * The text of the prompt's last user message (the request being answered, as the model sees
     * it: after the client's templates and any advisor that augmented it); empty when none.
     */
    static String userRequestOf(Prompt prompt) {
        UserMessage message = prompt.getUserMessage();
        return message == null || message.getText() == null ? "" : message.getText();
    }
}

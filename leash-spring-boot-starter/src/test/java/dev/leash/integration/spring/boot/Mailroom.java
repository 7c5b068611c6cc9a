package dev.leash.integration.spring.boot;

import dev.langchain4j.agent.tool.P;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.Write;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * One tool class for the three paths: Leash's own {@code @ToolMethod}, langchain4j's {@code
 * @Tool} and Spring AI's {@code @Tool} on the same methods, with one Leash impact each.
 */
public class Mailroom {

    final List<String> drafted = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();

    @ToolMethod(name = "lookup_contact", description = "Find a colleague's e-mail address by name")
    @dev.langchain4j.agent.tool.Tool(name = "lookup_contact", value = "Find a colleague's e-mail address by name")
    @Tool(name = "lookup_contact", description = "Find a colleague's e-mail address by name")
    @Read
    public String lookupContact(@Arg("the colleague's name") @P("the colleague's name") @ToolParam(description = "the colleague's name") String name) {
        return name.toLowerCase() + "@example.com";
    }

    @ToolMethod(name = "draft_email", description = "Save an e-mail to Drafts without sending it")
    @dev.langchain4j.agent.tool.Tool(name = "draft_email", value = "Save an e-mail to Drafts without sending it")
    @Tool(name = "draft_email", description = "Save an e-mail to Drafts without sending it")
    @Write
    public String draftEmail(@Arg("recipient address") @P("recipient address") @ToolParam(description = "recipient address") String to,
                             @Arg("subject") @P("subject") @ToolParam(description = "subject") String subject,
                             @Arg("body") @P("body") @ToolParam(description = "body") String body) {
        drafted.add(to + "|" + subject);
        return "draft saved for " + to;
    }

    @ToolMethod(name = "send_email", description = "Send an e-mail")
    @dev.langchain4j.agent.tool.Tool(name = "send_email", value = "Send an e-mail")
    @Tool(name = "send_email", description = "Send an e-mail")
    @Irreversible
    public String sendEmail(@Arg("recipient address") @P("recipient address") @ToolParam(description = "recipient address") String to,
                            @Arg("subject") @P("subject") @ToolParam(description = "subject") String subject,
                            @Arg("body") @P("body") @ToolParam(description = "body") String body) {
        sent.add(to + "|" + subject);
        return "sent to " + to;
    }
}

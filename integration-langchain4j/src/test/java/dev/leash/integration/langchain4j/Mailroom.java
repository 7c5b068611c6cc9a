package dev.leash.integration.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.Write;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An ordinary langchain4j tool class with Leash's impact on each @Tool: one of each impact. */
public class Mailroom {

    final List<String> drafted = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Tool(name = "lookup_contact", value = "Find a colleague's e-mail address by name")
    @Read
    public String lookupContact(@P("the colleague's name") String name) {
        return name.toLowerCase() + "@example.com";
    }

    @Tool(name = "draft_email", value = "Save an e-mail to Drafts without sending it")
    @Write
    public String draftEmail(@P("recipient address") String to, @P("subject") String subject, @P("body") String body) {
        drafted.add(to + "|" + subject);
        return "draft saved for " + to;
    }

    @Tool(name = "send_email", value = "Send an e-mail")
    @Irreversible
    public String sendEmail(@P("recipient address") String to, @P("subject") String subject, @P("body") String body) {
        sent.add(to + "|" + subject);
        return "sent to " + to;
    }
}

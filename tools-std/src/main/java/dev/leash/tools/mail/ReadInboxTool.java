package dev.leash.tools.mail;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code read_inbox {}} (READ): the newest messages of the inbox, one a line: id, sender, subject.
 * Senders and subjects come from outside, so the result is untrusted, one source per message
 * ({@code email:<id> from <sender>}). Uses the {@code imap} credential. Thread-safe.
 */
public final class ReadInboxTool extends MailTool {

    private static final ToolSpec SPEC = ToolSpec.of("read_inbox",
            "List the messages in the inbox: id, sender and subject of each.", Impact.READ);

    public ReadInboxTool(MailToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        List<String[]> rows = backend.inbox(credential(context, "imap"));
        StringBuilder out = new StringBuilder();
        List<String> sources = new ArrayList<>();
        for (String[] row : rows) {
            out.append("id: ").append(oneLine(row[0])).append(" | from: ").append(oneLine(row[1]))
                    .append(" | subject: ").append(oneLine(row[2])).append('\n');
            sources.add("email:" + row[0] + " from " + row[3]);
        }
        if (rows.isEmpty()) {
            out.append("(the inbox is empty)\n");
            sources.add("inbox:" + backend.config().inboxFolder());
        }
        return ToolResult.untrusted(out.toString(), sources.toArray(String[]::new));
    }
}

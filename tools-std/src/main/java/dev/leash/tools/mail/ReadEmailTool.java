package dev.leash.tools.mail;

import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;

/**
 * {@code read_email {id}} (READ): one message of the inbox with its body and attachments (text
 * attachments in full up to the size limit, others by name and size). Untrusted, with the source
 * {@code email:<id> from <sender>}. Uses the {@code imap} credential. Thread-safe.
 */
public final class ReadEmailTool extends MailTool {

    private static final ToolSpec SPEC = ToolSpec.of("read_email",
            "Read one message of the inbox, with its body and attachments.",
            Schemas.object().required("id", "the message id, as listed by read_inbox").build(), Impact.READ);

    public ReadEmailTool(MailToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        String id = call.text("id").orElse("");
        MailMessage message = backend.read(credential(context, "imap"), id)
                .orElseThrow(() -> ToolRefusedException.of(SPEC.name(), "mail.no-such-message",
                        "there is no message with id '" + id + "' in " + backend.config().inboxFolder()));
        int max = backend.config().maxBodyChars();
        StringBuilder out = new StringBuilder();
        out.append("id: ").append(oneLine(message.id())).append('\n')
                .append("from: ").append(oneLine(message.from())).append('\n')
                .append("to: ").append(oneLine(message.to())).append('\n')
                .append("subject: ").append(oneLine(message.subject())).append('\n');
        if (!message.date().isEmpty()) {
            out.append("date: ").append(message.date()).append('\n');
        }
        out.append('\n').append(shorten(message.body(), max)).append('\n');
        for (MailMessage.Attachment attachment : message.attachments()) {
            out.append("\n--- attachment ").append(oneLine(attachment.name())).append(" (").append(attachment.contentType())
                    .append(", ").append(attachment.bytes().length).append(" bytes) ---\n");
            if (attachment.isText()) {
                out.append(shorten(attachment.text(), max)).append('\n');
            } else {
                out.append("[binary content not shown]\n");
            }
        }
        return ToolResult.untrusted(out.toString(), "email:" + message.id() + " from " + message.sender());
    }
}

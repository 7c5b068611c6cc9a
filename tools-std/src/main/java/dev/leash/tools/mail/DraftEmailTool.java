package dev.leash.tools.mail;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.internal.Schemas;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/**
 * {@code draft_email {to, subject, body}} (WRITE): saves a message in the drafts folder with IMAP
 * APPEND (flagged \Draft); nothing is sent. Targets are the parsed recipients. Uses the {@code
 * imap} credential bound for WRITE (and, for the sender address, the configured {@code from} or
 * the IMAP login). Thread-safe.
 */
public final class DraftEmailTool extends MailTool {

    private static final ToolSpec SPEC = ToolSpec.of("draft_email",
            "Save an e-mail as a draft in the Drafts folder. Nothing is sent.",
            Schemas.object()
                    .required("to", "recipients, e.g. 'Ann <ann@example.com>, bob@example.com'")
                    .required("subject", "subject line")
                    .required("body", "plain-text body")
                    .build(),
            Impact.WRITE)
            .withTargets(java.util.Map.of("to", "email"));

    public DraftEmailTool(MailToolsConfig config) {
        super(config);
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public List<Target> targets(ToolCall call) {
        return recipientTargets(call);
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        List<InternetAddress> to = recipients(call);
        Credential imap = credential(context, "imap");
        MimeMessage draft = compose(imap, to, subject(call), call.text("body").orElse(""));
        backend.appendDraft(imap, draft);
        return ToolResult.trusted("draft saved in " + backend.config().draftsFolder() + " for "
                + String.join(", ", to.stream().map(Recipients::bare).toList()) + " (not sent)", "mail:drafts");
    }
}

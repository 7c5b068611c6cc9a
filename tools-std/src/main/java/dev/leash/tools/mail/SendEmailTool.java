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
import java.util.List;

/**
 * {@code send_email {to, subject, body}} (IRREVERSIBLE): sends a plain-text message over SMTP to
 * the parsed recipients, each a target. Uses the {@code smtp} credential bound for IRREVERSIBLE
 * calls. Thread-safe.
 */
public final class SendEmailTool extends MailTool {

    private static final ToolSpec SPEC = ToolSpec.of("send_email",
            "Send an e-mail. Cannot be undone.",
            Schemas.object()
                    .required("to", "recipients, e.g. 'Ann <ann@example.com>, bob@example.com'")
                    .required("subject", "subject line")
                    .required("body", "plain-text body")
                    .build(),
            Impact.IRREVERSIBLE)
            .withTargets(java.util.Map.of("to", "email"));

    public SendEmailTool(MailToolsConfig config) {
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
        String subject = subject(call);
        Credential smtp = credential(context, "smtp");
        backend.send(smtp, compose(smtp, to, subject, call.text("body").orElse("")));
        return ToolResult.trusted("sent to " + String.join(", ", to.stream().map(Recipients::bare).toList()), "mail:sent");
    }
}

package dev.leash.tools.mail;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Credentials;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** Shared parts of the e-mail tools. */
abstract class MailTool implements Tool {

    final MailBackend backend;

    MailTool(MailToolsConfig config) {
        this.backend = new MailBackend(requireNonNull(config, "config is null"));
    }

    Credential credential(ToolContext context, String service) {
        return Credentials.require(context, service, spec().name());
    }

    /** The parsed recipients of {@code to}, checked against the tools' domain list. */
    List<InternetAddress> recipients(ToolCall call) {
        List<InternetAddress> addresses = Recipients.parse(spec().name(), call.text("to").orElse(null));
        Recipients.checkDomains(spec().name(), addresses, backend.config().domains());
        return addresses;
    }

    /** One target per parsed recipient: the bare address. */
    List<Target> recipientTargets(ToolCall call) {
        return recipients(call).stream().map(a -> Target.recipient(Recipients.bare(a))).toList();
    }

    String subject(ToolCall call) {
        String subject = call.text("subject").orElse("");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw ToolRefusedException.of(spec().name(), "mail.bad-subject", "the subject contains a line break");
        }
        return subject;
    }

    /** A plain-text message from the configured sender to the parsed recipients. */
    MimeMessage compose(Credential sender, List<InternetAddress> to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(backend.session());
        message.setFrom(backend.sender(sender));
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    /** Line breaks and other controls in a header would let one message fake more lines of a listing. */
    static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n[cut off after " + max + " characters]";
    }
}

package dev.leash.tools.mail;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.tools.ToolRefusedException;
import dev.leash.tools.internal.Schemas;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code forward_email {id, to, note?}} (IRREVERSIBLE): sends a message of the inbox, with every
 * one of its attachments, to the parsed recipients over SMTP.
 *
 * <p>{@link #outbound} reads the original from IMAP (a read, allowed before policies) with the
 * {@code imap} credential that the inspection {@link CredentialProvider} holds for READ, and
 * returns the note, the original's subject and body and the text of every attachment, so that
 * the leak and taint guards see everything that would leave. Without that credential the call
 * cannot be inspected and is refused (fail closed). {@link #execute} sends only what was
 * inspected: if the original changed in between, the call is refused. Uses the {@code imap} and
 * {@code smtp} credentials bound for the call. Thread-safe.
 */
public final class ForwardEmailTool extends MailTool {

    private static final ToolSpec SPEC = ToolSpec.of("forward_email",
            "Forward a message of the inbox, with its attachments. Cannot be undone.",
            Schemas.object()
                    .required("id", "the message id, as listed by read_inbox")
                    .required("to", "recipients, e.g. 'Ann <ann@example.com>, bob@example.com'")
                    .optional("note", "a note above the forwarded message")
                    .build(),
            Impact.IRREVERSIBLE)
            .withTargets(java.util.Map.of("to", "email"));

    private static final int INSPECTED_KEPT = 256;

    private final CredentialProvider inspection;
    private final Map<String, String> inspected = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > INSPECTED_KEPT;
        }
    };

    /**
     * @param config mail configuration
     * @param inspection where the READ {@code imap} credential for inspecting a call comes from
     */
    public ForwardEmailTool(MailToolsConfig config, CredentialProvider inspection) {
        super(config);
        this.inspection = requireNonNull(inspection, "inspection is null");
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
    public OutboundContent outbound(ToolCall call) {
        Credential imap = inspection.credential("imap", Impact.READ).filter(c -> c.impact() == Impact.READ)
                .orElseThrow(() -> ToolRefusedException.of(SPEC.name(), "mail.cannot-inspect",
                        "no READ 'imap' credential is available to read the message to forward before the call is decided"));
        MailMessage original = original(call, imap);
        synchronized (inspected) {
            inspected.put(key(call), digest(original));
        }
        List<OutboundContent.Part> parts = new ArrayList<>();
        parts.add(new OutboundContent.Part("argument to", call.text("to").orElse("")));
        parts.add(new OutboundContent.Part("argument note", call.text("note").orElse("")));
        parts.add(new OutboundContent.Part("forwarded subject", original.subject()));
        parts.add(new OutboundContent.Part("forwarded body", original.body()));
        for (MailMessage.Attachment attachment : original.attachments()) {
            parts.add(new OutboundContent.Part("attachment " + attachment.name(), attachment.text()));
        }
        return OutboundContent.of(parts);
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
        List<InternetAddress> to = recipients(call);
        MailMessage original = original(call, credential(context, "imap"));
        String seen;
        synchronized (inspected) {
            seen = inspected.remove(key(call));
        }
        if (seen != null && !seen.equals(digest(original))) {
            throw ToolRefusedException.of(SPEC.name(), "mail.changed-since-inspection",
                    "the message '" + original.id() + "' changed after it was inspected; it was not forwarded");
        }
        Credential smtp = credential(context, "smtp");
        MimeMessage message = new MimeMessage(backend.session());
        message.setFrom(backend.sender(smtp));
        message.setRecipients(Message.RecipientType.TO, to.toArray(new InternetAddress[0]));
        message.setSubject("Fwd: " + original.subject(), "UTF-8");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        String note = call.text("note").orElse("");
        text.setText((note.isEmpty() ? "" : note + "\n\n") + "---------- Forwarded message ----------\n"
                + "From: " + original.from() + "\nTo: " + original.to() + "\nSubject: " + original.subject() + "\n"
                + (original.date().isEmpty() ? "" : "Date: " + original.date() + "\n") + "\n" + original.body(), "UTF-8");
        multipart.addBodyPart(text);
        for (MailMessage.Attachment attachment : original.attachments()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.bytes(), attachment.contentType())));
            part.setFileName(attachment.name());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            multipart.addBodyPart(part);
        }
        message.setContent(multipart);
        message.saveChanges();
        backend.send(smtp, message);
        return ToolResult.trusted("forwarded " + original.id() + " with " + original.attachments().size()
                + " attachment(s) to " + String.join(", ", to.stream().map(Recipients::bare).toList()), "mail:sent");
    }

    private MailMessage original(ToolCall call, Credential imap) {
        String id = call.text("id").orElse("");
        try {
            return backend.read(imap, id).orElseThrow(() -> ToolRefusedException.of(SPEC.name(), "mail.no-such-message",
                    "there is no message with id '" + id + "' in " + backend.config().inboxFolder()));
        } catch (ToolRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw ToolRefusedException.of(SPEC.name(), "mail.unreachable", "cannot read message '" + id + "': " + e.getMessage());
        }
    }

    private static String key(ToolCall call) {
        return call.id() + "\n" + call.argumentsJson();
    }

    private static String digest(MailMessage message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : List.of(message.from(), message.to(), message.subject(), message.body())) {
                sha.update(field.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            for (MailMessage.Attachment attachment : message.attachments()) {
                sha.update(attachment.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(attachment.bytes());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.leash.tools.mail;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Credential;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Talks to the IMAP and SMTP servers. A new session and connection per operation; no state
 * between calls. Thread-safe.
 */
final class MailBackend {

    private final MailToolsConfig config;

    MailBackend(MailToolsConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    MailToolsConfig config() {
        return config;
    }

    Session session() {
        Properties props = new Properties();
        String timeout = String.valueOf(config.timeout().toMillis());
        for (String protocol : List.of("imap", "imaps", "smtp", "smtps")) {
            props.setProperty("mail." + protocol + ".connectiontimeout", timeout);
            props.setProperty("mail." + protocol + ".timeout", timeout);
            props.setProperty("mail." + protocol + ".writetimeout", timeout);
        }
        // Plain connections (and the plain start of STARTTLS) without Nagle's delay; TLS from the
        // first byte keeps the JDK's own factory.
        props.put("mail.imap.socketFactory", NoDelaySocketFactory.INSTANCE);
        props.put("mail.smtp.socketFactory", NoDelaySocketFactory.INSTANCE);
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtps.auth", "true");
        if (config.imap().security() == MailToolsConfig.Security.STARTTLS) {
            props.setProperty("mail.imap.starttls.enable", "true");
            props.setProperty("mail.imap.starttls.required", "true");
        }
        if (config.smtp().security() == MailToolsConfig.Security.STARTTLS) {
            props.setProperty("mail.smtp.starttls.enable", "true");
            props.setProperty("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(props);
    }

    /** An open IMAP store; the caller closes it. */
    Store openStore(Credential credential) throws MessagingException {
        MailToolsConfig.Server imap = config.imap();
        Store store = session().getStore(imap.security() == MailToolsConfig.Security.TLS ? "imaps" : "imap");
        store.connect(imap.host(), imap.port(), credential.user(), credential.secret());
        return store;
    }

    /** The newest messages of the inbox, at most {@code maxMessages}, oldest first: id, from, subject, bare sender. */
    List<String[]> inbox(Credential credential) throws MessagingException {
        try (Store store = openStore(credential)) {
            Folder folder = store.getFolder(config.inboxFolder());
            folder.open(Folder.READ_ONLY);
            try {
                Message[] messages = folder.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(FetchProfile.Item.ENVELOPE);
                profile.add("Message-ID");
                profile.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(messages, profile);
                List<String[]> rows = new ArrayList<>();
                int from = Math.max(0, messages.length - config.maxMessages());
                for (int i = from; i < messages.length; i++) {
                    Message m = messages[i];
                    rows.add(new String[] {idOf(folder, m), addresses(m.getFrom()), nullToEmpty(m.getSubject()), bareSender(m)});
                }
                return rows;
            } finally {
                folder.close(false);
            }
        }
    }

    /** The message with this id in the inbox, read in full. */
    Optional<MailMessage> read(Credential credential, String id) throws MessagingException, IOException {
        try (Store store = openStore(credential)) {
            Folder folder = store.getFolder(config.inboxFolder());
            folder.open(Folder.READ_ONLY);
            try {
                for (Message m : folder.getMessages()) {
                    if (id.equals(idOf(folder, m))) {
                        return Optional.of(parse(id, m));
                    }
                }
                return Optional.empty();
            } finally {
                folder.close(false);
            }
        }
    }

    /** Appends a draft to the drafts folder (created when missing). */
    void appendDraft(Credential credential, MimeMessage draft) throws MessagingException {
        try (Store store = openStore(credential)) {
            Folder folder = store.getFolder(config.draftsFolder());
            if (!folder.exists() && !folder.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("cannot create the folder " + config.draftsFolder());
            }
            draft.setFlag(Flags.Flag.DRAFT, true);
            folder.appendMessages(new Message[] {draft});
        }
    }

    /** Sends over SMTP with the given login. */
    void send(Credential credential, MimeMessage message) throws MessagingException {
        MailToolsConfig.Server smtp = config.smtp();
        String protocol = smtp.security() == MailToolsConfig.Security.TLS ? "smtps" : "smtp";
        try (Transport transport = message.getSession().getTransport(protocol)) {
            transport.connect(smtp.host(), smtp.port(), credential.user(), credential.secret());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** The sender address for outgoing mail: configured, or the login. */
    InternetAddress sender(Credential smtp) throws MessagingException {
        String address = config.from().orElse(smtp.user());
        try {
            return new InternetAddress(address, true);
        } catch (MessagingException e) {
            throw new MessagingException("the sender '" + address + "' is not an address; set 'from' in the mail configuration", e);
        }
    }

    static String idOf(Folder folder, Message m) throws MessagingException {
        String[] header = m.getHeader("Message-ID");
        if (header != null && header.length > 0 && !header[0].isBlank()) {
            String id = header[0].trim();
            if (id.startsWith("<") && id.endsWith(">")) {
                id = id.substring(1, id.length() - 1);
            }
            return id;
        }
        if (folder instanceof UIDFolder uids) {
            return "uid-" + uids.getUID(m);
        }
        return "msg-" + m.getMessageNumber();
    }

    private MailMessage parse(String id, Message m) throws MessagingException, IOException {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        List<MailMessage.Attachment> attachments = new ArrayList<>();
        walk(m, plain, html, attachments, 0);
        String body = plain.length() > 0 ? plain.toString() : html.toString();
        String date = m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString();
        return new MailMessage(id, addresses(m.getFrom()), bareSender(m), addresses(m.getRecipients(Message.RecipientType.TO)),
                nullToEmpty(m.getSubject()), date, body, attachments);
    }

    private void walk(Part part, StringBuilder plain, StringBuilder html, List<MailMessage.Attachment> attachments, int depth)
            throws MessagingException, IOException {
        if (depth > 10) {
            return;
        }
        String type = baseType(part.getContentType());
        String fileName = part.getFileName() == null ? null : MimeUtility.decodeText(part.getFileName());
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName != null;
        if (type.startsWith("multipart/") && !attachment) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, plain, html, attachments, depth + 1);
            }
            return;
        }
        if (attachment || type.equals("message/rfc822")) {
            try (InputStream in = part.getInputStream()) {
                attachments.add(new MailMessage.Attachment(fileName == null ? "attachment-" + (attachments.size() + 1) : fileName,
                        type, in.readAllBytes()));
            }
            return;
        }
        if (type.equals("text/plain")) {
            plain.append(String.valueOf(part.getContent()));
        } else if (type.equals("text/html")) {
            html.append(String.valueOf(part.getContent()));
        }
    }

    private static String baseType(String contentType) {
        if (contentType == null) {
            return "text/plain";
        }
        try {
            return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "application/octet-stream";
        }
    }

    static String bareSender(Message m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0) {
            return "unknown sender";
        }
        return from[0] instanceof InternetAddress ia ? ia.getAddress() : from[0].toString();
    }

    static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Address a : addresses) {
            out.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
        }
        return String.join(", ", out);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package dev.leash.examples.inbox;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import dev.leash.api.tool.Impact;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tiers.credential.ScopedCredentials;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.mail.MailToolsModule;

/**
 * The inbox agent: the five mail tools, {@code lookup_contact} from the {@link ContactDirectory},
 * and the mailbox logins by impact ({@code imap} for reading and drafts, {@code smtp} for
 * sending). {@code forward_email} reads the original while the call is inspected, with a view of
 * the logins capped at READ. Only wiring.
 */
public final class InboxAgentModule extends AbstractModule {

    private final MailToolsConfig mail;
    private final ContactDirectory directory;
    private final Credentials credentials;

    public InboxAgentModule(MailToolsConfig mail, ContactDirectory directory, Credentials credentials) {
        this.mail = requireNonNull(mail, "mail is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    @Override
    protected void configure() {
        install(new MailToolsModule(mail, new ScopedCredentials(credentials, Impact.READ)));
        Tools.bind(binder()).addAnnotated(directory);
        Credentials.bind(binder()).toInstance(credentials);
    }
}

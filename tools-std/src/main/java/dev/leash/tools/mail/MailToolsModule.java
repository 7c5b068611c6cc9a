package dev.leash.tools.mail;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Tool;
import dev.leash.tools.StandardTools;

/**
 * Adds {@code read_inbox}, {@code read_email}, {@code draft_email}, {@code send_email} and {@code
 * forward_email} to the {@code Multibinder<Tool>} and binds the {@link MailToolsConfig}. The
 * {@link CredentialProvider} given here lets {@code forward_email} read the original message
 * (READ {@code imap}) while a call is inspected; without it forwards are refused.
 */
public final class MailToolsModule extends AbstractModule {

    private final MailToolsConfig config;
    private final CredentialProvider inspection;

    public MailToolsModule(MailToolsConfig config, CredentialProvider inspection) {
        this.config = requireNonNull(config, "config is null");
        this.inspection = requireNonNull(inspection, "inspection is null");
    }

    @Override
    protected void configure() {
        bind(MailToolsConfig.class).toInstance(config);
        Multibinder<Tool> tools = Multibinder.newSetBinder(binder(), Tool.class);
        for (Tool tool : StandardTools.mail(config, inspection)) {
            tools.addBinding().toInstance(tool);
        }
    }
}

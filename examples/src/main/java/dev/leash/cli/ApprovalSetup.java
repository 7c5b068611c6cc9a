package dev.leash.cli;

import dev.leash.api.ConfigurationException;
import dev.leash.approvals.ApprovalStore;
import dev.leash.approvals.PendingNotifier;
import dev.leash.approvals.Reviewer;
import dev.leash.approvals.WebhookNotifier;
import dev.leash.tiers.config.ApprovalsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the parts of {@code safety.approvals} that live outside the tiers: the approval store
 * (the H2 file {@code <work>/approvals} unless {@code store.url} names another database), the
 * reviewers (tokens read from the environment), and the webhook announcement for {@code gate:
 * store}. One place, used by {@code leash run} and {@code leash approvals}.
 */
final class ApprovalSetup {

    /** Where the embedded store lives when nothing else is configured. */
    static final Path DEFAULT_WORK = Path.of("leash-work");

    private ApprovalSetup() {
    }

    static ApprovalStore store(ApprovalsConfig config, Path work, Map<String, String> env) {
        if (config.store().isEmpty()) {
            return ApprovalStore.embedded(work);
        }
        String password = "";
        if (config.storePasswordEnv().isPresent()) {
            String name = config.storePasswordEnv().get();
            password = env.get(name);
            if (password == null || password.isEmpty()) {
                throw ConfigurationException.missing(name, null, "safety.approvals.store.password_env names " + name
                        + ", which is not set in the environment");
            }
        }
        return ApprovalStore.open(config.store().get(), config.storeUser().orElse(null), password);
    }

    static List<Reviewer> reviewers(ApprovalsConfig config, Map<String, String> env) {
        List<Reviewer> reviewers = new ArrayList<>();
        for (ApprovalsConfig.ReviewerConfig r : config.reviewers()) {
            if (r.passwordHash().isPresent()) {
                reviewers.add(Reviewer.withPasswordHash(r.name(), r.passwordHash().get(), r.principals(), r.agents()));
            } else {
                String name = r.tokenEnv().orElseThrow();
                String token = env.get(name);
                if (token == null || token.isEmpty()) {
                    throw ConfigurationException.missing(name, null, "reviewer " + r.name() + " signs in with the token in "
                            + name + ", which is not set in the environment");
                }
                reviewers.add(Reviewer.withToken(r.name(), token, r.principals(), r.agents()));
            }
        }
        return reviewers;
    }

    static List<PendingNotifier> notifiers(ApprovalsConfig config) {
        if (config.url().isEmpty()) {
            return List.of();
        }
        URI console = config.consoleUrl().orElse(URI.create("http://127.0.0.1:8090/"));
        return List.of(new WebhookNotifier(config.url().get(), console, config.timeout()));
    }
}

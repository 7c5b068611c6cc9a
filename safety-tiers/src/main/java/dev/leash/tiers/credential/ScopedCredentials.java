package dev.leash.tiers.credential;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import java.util.Optional;

/**
 * A view of a raw {@link CredentialProvider} capped at a ceiling impact: it asks the raw provider
 * for at most {@code min(impact, ceiling)} and drops any answer above that, so a Level 1 deployment
 * (ceiling READ) can never hand out a write credential, whatever the raw provider holds.
 * Immutable and thread-safe if the raw provider is.
 */
public final class ScopedCredentials implements CredentialProvider {

    private final CredentialProvider raw;
    private final Impact ceiling;

    public ScopedCredentials(CredentialProvider raw, Impact ceiling) {
        this.raw = requireNonNull(raw, "raw is null");
        this.ceiling = requireNonNull(ceiling, "ceiling is null");
    }

    /**
     * The ceiling at {@code level}: READ at Level 1 (no write credential is reachable), otherwise
     * IRREVERSIBLE (each call still sees only the credentials of its own impact).
     */
    public static Impact ceilingAt(SafetyLevel level) {
        return level == SafetyLevel.LEVEL_1 ? Impact.READ : Impact.IRREVERSIBLE;
    }

    /** The highest impact this view hands out. */
    public Impact ceiling() {
        return ceiling;
    }

    @Override
    public Optional<Credential> credential(String service, Impact impact) {
        Impact allowed = impact.isAbove(ceiling) ? ceiling : impact;
        Optional<Credential> found;
        try {
            found = raw.credential(service, allowed);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return found == null ? Optional.empty() : found.filter(c -> c.impact().isAtMost(allowed));
    }
}
